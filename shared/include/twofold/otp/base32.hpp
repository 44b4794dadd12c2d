#pragma once
// Base 32 (RFC 4648 §6), the alphabet A-Z 2-7: how authenticator apps carry
// a TOTP secret in an otpauth URI or as text a person types.
//
// Encoding writes upper case; otpauth URIs leave the '=' padding out
// (Google Authenticator Key Uri Format), RFC 4648 §10's vectors keep it.
// Decoding is lenient where people are (upper or lower case, spaces between
// groups, padding or none) and strict where data is: a misplaced '=', an
// impossible length (1, 3 or 6 symbols in the last group) or non-zero unused
// bits (RFC 4648 §3.5) are refused, so every accepted text names exactly one
// byte string.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "twofold/result.hpp"

namespace twofold::otp {

enum class base32_padding { omit, include };

[[nodiscard]] std::string base32_encode(std::span<const std::uint8_t> bytes,
                                        base32_padding padding = base32_padding::omit);

enum class base32_error {
  invalid_character,  // not in the alphabet, not '=' and not a space
  invalid_padding,    // '=' before the last symbol, or not completing a group of 8
  invalid_length,     // a last group of 1, 3 or 6 symbols encodes no whole byte count
  nonzero_trailing_bits,  // unused bits of the last symbol are set
};

// Stable snake_case name of an error, e.g. "invalid_character".
[[nodiscard]] std::string_view error_code(base32_error error);

// Spaces (U+0020) anywhere are ignored; letters in either case.
[[nodiscard]] result<std::vector<std::uint8_t>, base32_error> base32_decode(std::string_view text);

}  // namespace twofold::otp
