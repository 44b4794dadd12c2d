#pragma once
// otpauth URIs (Google Authenticator Key Uri Format), the text inside the QR
// code an authenticator app scans to enroll a TOTP key:
//
//   otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
//
// Building: the label and the issuer are percent-encoded (RFC 3986 §2.1:
// every byte but the unreserved A-Z a-z 0-9 - . _ ~ becomes %XX, so a space
// is %20, never '+'); the secret is base32 without padding; all parameters
// are always written, since some apps ignore defaults they do not expect.
//
// Parsing accepts what the format allows: scheme and type in any case, the
// label's colon literal or as %3A, spaces before the account, parameters in
// any order, unknown parameters (e.g. "image") ignored, defaults SHA1, 6 and
// 30 for missing ones. It refuses what would enroll a different key than the
// text shows: HOTP, a duplicated parameter, an issuer parameter differing
// from the label's issuer, bad percent-encoding, invalid UTF-8.
//
// Both directions check the same rules:
//  - issuer and account: valid UTF-8, no control characters, no ':' (the
//    label's separator); the account is required. Building also requires an
//    issuer, which apps show beside the account.
//  - secret: at least min_secret_bytes (128 bits, RFC 4226 §4 R6).
//  - digits in [min_digits, max_digits]; period in [1 s, max_period].
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "twofold/otp/hotp.hpp"
#include "twofold/otp/totp.hpp"
#include "twofold/result.hpp"

namespace twofold::otp {

// A sanity bound for a period read from a URI: one day.
inline constexpr std::chrono::seconds max_period{24 * 60 * 60};

struct otpauth_key {
  std::string issuer;    // e.g. "Twofold (Acme)"; "" when a parsed URI names none
  std::string account;   // e.g. "alice@acme.example"
  std::vector<std::uint8_t> secret;
  hmac_algorithm algorithm = hmac_algorithm::sha1;
  int digits = default_digits;
  std::chrono::seconds period = default_period;

  friend bool operator==(const otpauth_key&, const otpauth_key&) = default;
};

enum class otpauth_error {
  malformed_uri,             // a character no URI may hold (space, non-ASCII, ...), or a fragment
  not_otpauth,               // another scheme
  unsupported_type,          // not "totp" (HOTP keys are not offered)
  invalid_percent_encoding,  // '%' not followed by two hex digits
  invalid_label,             // more than one ':' in the label
  invalid_issuer,            // empty when required, invalid UTF-8, control characters or ':'
  invalid_account,           // empty, invalid UTF-8, control characters or ':'
  issuer_mismatch,           // the issuer parameter differs from the label's issuer
  duplicate_parameter,       // secret, issuer, algorithm, digits or period given twice
  missing_secret,
  invalid_secret,            // not base32 (base32.hpp)
  secret_too_short,          // fewer than min_secret_bytes
  unsupported_algorithm,     // not SHA1, SHA256 or SHA512
  invalid_digits,            // not a number in [min_digits, max_digits]
  invalid_period,            // not a number of seconds in [1, max_period]
};

// Stable snake_case name of an error, e.g. "issuer_mismatch".
[[nodiscard]] std::string_view error_code(otpauth_error error);

[[nodiscard]] result<std::string, otpauth_error> build_otpauth_uri(const otpauth_key& key);

[[nodiscard]] result<otpauth_key, otpauth_error> parse_otpauth_uri(std::string_view uri);

// The key's TOTP parameters (T0 is the Unix epoch).
[[nodiscard]] totp_parameters parameters_of(const otpauth_key& key);

}  // namespace twofold::otp
