#pragma once
// HOTP, RFC 4226: a one-time code from a shared secret and a counter.
//
//   code = truncate(HMAC(key, counter as 8 bytes big-endian)) mod 10^digits
//
// The core does no cryptography of its own: the HMAC comes from the caller
// (the server passes OpenSSL's, the browser never computes codes). What the
// core owns is the arithmetic around it: the counter message, the dynamic
// truncation (RFC 4226 §5.3) and the decimal code.
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "twofold/result.hpp"

namespace twofold::otp {

// The HMAC hash functions of RFC 6238 §1.2 (HOTP itself uses SHA-1 only).
enum class hmac_algorithm { sha1, sha256, sha512 };

// "SHA1", "SHA256", "SHA512": the names otpauth URIs use.
[[nodiscard]] std::string_view algorithm_name(hmac_algorithm algorithm);
// Accepts the names above ignoring ASCII case; anything else is nullopt.
[[nodiscard]] std::optional<hmac_algorithm> parse_algorithm(std::string_view name);
// Output size in bytes: 20, 32 or 64.
[[nodiscard]] std::size_t digest_size(hmac_algorithm algorithm);

// HMAC(algorithm, key, message) -> the full digest (digest_size bytes).
using hmac_function = std::function<std::vector<std::uint8_t>(
    hmac_algorithm, std::span<const std::uint8_t> key, std::span<const std::uint8_t> message)>;

// Code length in decimal digits: RFC 4226 §5.3 asks for at least 6; 8 is the
// most RFC 6238's reference code and authenticator apps produce.
inline constexpr int min_digits = 6;
inline constexpr int max_digits = 8;

// RFC 4226 §4 R6: the shared secret is at least 128 bits (160 recommended).
inline constexpr std::size_t min_secret_bytes = 16;
inline constexpr std::size_t recommended_secret_bytes = 20;

enum class otp_error {
  digits_out_of_range,  // digits outside [min_digits, max_digits]
  hmac_too_short,       // fewer than 20 bytes: dynamic truncation reads up to byte 19
  hmac_size_mismatch,   // the caller's HMAC returned the wrong digest size
  period_out_of_range,  // a TOTP period of zero or less
  time_before_start,    // a TOTP time before T0
};

// Stable snake_case name of an error, e.g. "digits_out_of_range".
[[nodiscard]] std::string_view error_code(otp_error error);

using counter_message = std::array<std::uint8_t, 8>;

// The HMAC message for a counter: 8 bytes, most significant first (RFC 4226 §5.2).
[[nodiscard]] counter_message message_for_counter(std::uint64_t counter);

// Dynamic truncation (RFC 4226 §5.3): the low 4 bits of the last byte give an
// offset; the 31 bits read big-endian from there are the result, in
// [0, 2^31). `hmac` holds at least 20 bytes.
[[nodiscard]] result<std::uint32_t, otp_error> dynamic_truncation(std::span<const std::uint8_t> hmac);

// The code for an HMAC result: dynamic truncation mod 10^digits, written with
// leading zeros to exactly `digits` characters.
[[nodiscard]] result<std::string, otp_error> hotp_truncate(std::span<const std::uint8_t> hmac, int digits);

// The HOTP code for `counter`, computing HMAC(key, counter) through `hmac`.
[[nodiscard]] result<std::string, otp_error> hotp(const hmac_function& hmac, hmac_algorithm algorithm,
                                                  std::span<const std::uint8_t> key, std::uint64_t counter,
                                                  int digits);

// Compares two codes in time that depends only on their lengths, so a
// mismatch does not reveal how many leading characters were right.
[[nodiscard]] bool codes_equal(std::string_view a, std::string_view b);

}  // namespace twofold::otp
