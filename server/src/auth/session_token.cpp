#include "auth/session_token.hpp"

#include <sodium.h>

#include <array>

namespace twofold::server {

namespace {

constexpr int base64url = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

session_token_hash sha256(const std::array<std::uint8_t, session_token_bytes>& bytes) {
  static_assert(std::tuple_size_v<session_token_hash> == crypto_hash_sha256_BYTES);
  session_token_hash hash{};
  crypto_hash_sha256(hash.data(), bytes.data(), bytes.size());
  return hash;
}

}  // namespace

session_token new_session_token() {
  std::array<std::uint8_t, session_token_bytes> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, sodium_base64_ENCODED_LEN(session_token_bytes, base64url)> text{};
  sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(), base64url);
  session_token token{.cookie_value = std::string(text.data()), .hash = sha256(bytes)};
  sodium_memzero(bytes.data(), bytes.size());
  return token;
}

std::optional<session_token_hash> hash_of_cookie_value(std::string_view cookie_value) {
  if (cookie_value.size() != session_cookie_value_length) return std::nullopt;
  std::array<std::uint8_t, session_token_bytes> bytes{};
  std::size_t decoded = 0;
  const char* end = nullptr;
  if (sodium_base642bin(bytes.data(), bytes.size(), cookie_value.data(), cookie_value.size(), nullptr, &decoded, &end,
                        base64url) != 0 ||
      decoded != bytes.size() || end != cookie_value.data() + cookie_value.size()) {
    return std::nullopt;
  }
  return sha256(bytes);
}

bool same_token_hash(const session_token_hash& a, const session_token_hash& b) {
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace twofold::server
