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
// Every field is checked; all errors are reported, in field order.
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

// Company names are matched case-insensitively after trimming; this is the key
// the server stores and looks up. Precondition: the name passed validation.
[[nodiscard]] std::string normalize_company_key(std::string_view company);

}  // namespace twofold
