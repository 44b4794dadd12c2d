#pragma once
// RFC 4226 Appendix D: the secret "12345678901234567890" (ASCII), HMAC-SHA-1
// of each counter 0-9, its dynamic truncation and the 6-digit HOTP value.
// Shared by the HOTP and TOTP tests of both builds; totp_openssl_test checks
// the HMAC column against OpenSSL.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "twofold/otp/hotp.hpp"

namespace twofold::otp::rfc4226 {

inline constexpr std::string_view secret = "12345678901234567890";

struct vector {
  std::uint64_t counter;
  std::string_view hmac_sha1_hex;
  std::uint32_t truncated;
  std::string_view code;
};

inline constexpr std::array<vector, 10> vectors{{
    {0, "cc93cf18508d94934c64b65d8ba7667fb7cde4b0", 1284755224, "755224"},
    {1, "75a48a19d4cbe100644e8ac1397eea747a2d33ab", 1094287082, "287082"},
    {2, "0bacb7fa082fef30782211938bc1c5e70416ff44", 137359152, "359152"},
    {3, "66c28227d03a2d5529262ff016a1e6ef76557ece", 1726969429, "969429"},
    {4, "a904c900a64b35909874b33e61c5938a8e15ed1c", 1640338314, "338314"},
    {5, "a37e783d7b7233c083d4f62926c7a25f238d0316", 868254676, "254676"},
    {6, "bc9cd28561042c83f219324d3c607256c03272ae", 1918287922, "287922"},
    {7, "a4fb960c0bc06e1eabb804e5b397cdc4b45596fa", 82162583, "162583"},
    {8, "1b3c89f65e6c9e883012052823443f048b4332db", 673399871, "399871"},
    {9, "1637409809a679dc698207310c8c7fc07290d9e5", 645520489, "520489"},
}};

inline std::vector<std::uint8_t> from_hex(std::string_view hex) {
  const auto nibble = [](char c) { return static_cast<std::uint8_t>(c <= '9' ? c - '0' : c - 'a' + 10); };
  std::vector<std::uint8_t> bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes.push_back(static_cast<std::uint8_t>(nibble(hex[i]) << 4U | nibble(hex[i + 1])));
  }
  return bytes;
}

inline std::vector<std::uint8_t> secret_bytes() { return {secret.begin(), secret.end()}; }

// Not an HMAC: the Appendix's published HMAC-SHA-1 results, looked up by
// (key, message), so tests in both builds need no cryptography. Any other
// input gets an empty digest, which hotp() refuses as hmac_size_mismatch.
inline hmac_function table_hmac() {
  return [](hmac_algorithm algorithm, std::span<const std::uint8_t> key, std::span<const std::uint8_t> message) {
    const std::string_view key_text(reinterpret_cast<const char*>(key.data()), key.size());
    if (algorithm != hmac_algorithm::sha1 || key_text != secret) return std::vector<std::uint8_t>{};
    for (const auto& entry : vectors) {
      const auto expected = message_for_counter(entry.counter);
      if (std::equal(message.begin(), message.end(), expected.begin(), expected.end())) {
        return from_hex(entry.hmac_sha1_hex);
      }
    }
    return std::vector<std::uint8_t>{};
  };
}

}  // namespace twofold::otp::rfc4226
