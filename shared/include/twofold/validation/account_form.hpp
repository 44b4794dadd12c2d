#pragma once
// New passwords and new accounts, checked the same way by the browser (wasm)
// and the server.
//
// Rules:
//  - new password: new_password.hpp.
//  - display name: trimmed; 1..100 code points; no control characters (the
//    company name's rule).
//  - username: trimmed; 1..64 of [A-Za-z0-9._-]; stored in ASCII lower case
//    (what sign-in matches).
//  - email: trimmed; the sign-in's email shape (local@domain, at most 254
//    bytes); stored in ASCII lower case.
//  - role: "agent" or "admin".
//  - language: empty (the company's default) or a catalog language tag.
// Errors: one per field, in field order, codes as in sign_in_form.hpp plus
// too_short, invalid_username, invalid_email and invalid_choice.
#include <cstddef>
#include <string>
#include <string_view>

#include "twofold/validation/field_error.hpp"
#include "twofold/validation/new_password.hpp"

namespace twofold {

inline constexpr std::size_t display_name_max_code_points = 100;

struct account_form {
  std::string display_name;
  std::string username;
  std::string email;
  std::string role;      // "agent" | "admin"
  std::string language;  // "" | "en" | "zh-CN"
};

struct account_validation {
  field_errors errors;      // empty when the form is valid
  account_form normalized;  // meaningful only when errors is empty

  [[nodiscard]] bool ok() const { return errors.empty(); }
};

[[nodiscard]] account_validation validate_account(const account_form& form);

}  // namespace twofold
