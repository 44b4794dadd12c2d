#pragma once
// Sign-in form validation, shared by the browser (wasm) and the server.
//
// Rules (NIST SP 800-63B §3.1.1.2 for the password):
//  - company:  trimmed of surrounding white space; 1..100 Unicode code points;
//              valid UTF-8; no control characters.
//  - account:  trimmed; either a username (1..64 of [A-Za-z0-9._-]) or an
//              email address (local@domain, at most 254 bytes); compared
//              case-insensitively, so the normalized form is ASCII lower case.
//  - password: never trimmed or altered; 1..256 Unicode code points (NIST asks
//              for at least 64 to be allowed); valid UTF-8; no composition rules.
// Every field is checked; all errors are reported, in field order, one per
// field: the first rule it fails, in the order invalid_utf8 (strict RFC 3629:
// no overlongs, surrogates or values above U+10FFFF), required,
// control_characters, too_long, invalid_account.
//
// Details:
//  - white space is Unicode's White_Space property; control characters are
//    General_Category Cc (U+0000..U+001F, U+007F..U+009F). The password has
//    no control-character rule.
//  - an account containing '@' is an email address, otherwise a username.
//    Email shape: one '@'; the local part a dot-atom (RFC 5322 §3.2.3 atext,
//    plus any non-ASCII character but white space, RFC 6531); the domain
//    dot-separated labels of letters, digits, '-' (not first or last) or
//    non-ASCII characters. No quoted local parts, no address literals.
//  - case-insensitive means ASCII letters only: other scripts compare exactly.
//  - tests/vectors/sign_in_validation.json holds a case for every rule.
#include <string>
#include <string_view>

#include "twofold/validation/field_error.hpp"

namespace twofold {

inline constexpr std::size_t company_max_code_points = 100;
inline constexpr std::size_t username_max_length = 64;
inline constexpr std::size_t email_max_length = 254;  // RFC 5321 §4.5.3.1.3 path limit
inline constexpr std::size_t password_max_code_points = 256;

enum class account_kind { username, email };

struct sign_in_form {
  std::string company;
  std::string account;
  std::string password;
};

struct sign_in_validation {
  field_errors errors;       // empty when the form is valid
  sign_in_form normalized;   // meaningful only when errors is empty
  account_kind kind = account_kind::username;

  [[nodiscard]] bool ok() const { return errors.empty(); }
};

[[nodiscard]] sign_in_validation validate_sign_in(const sign_in_form& form);

// Company names are matched case-insensitively (ASCII letters) after trimming;
// this is the key the server stores and looks up. Precondition: the name
// passed validation (invalid UTF-8 yields "", which no valid name has).
[[nodiscard]] std::string normalize_company_key(std::string_view company);

}  // namespace twofold
