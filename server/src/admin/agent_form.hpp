#pragma once
// What an administrator sends to edit a person of their company, checked
// with the core's sign-in rules (twofold/validation/sign_in_form.hpp):
//   {"display_name": text, "email": address, "role": "admin" | "agent",
//    "language": "en" | "zh-CN" | null (or absent): the company default}
//  - display_name: the company-name rules: trimmed, 1..100 code points,
//    valid UTF-8, no control characters;
//  - email: the account rules for an email address (at most 254 bytes),
//    stored in lower case; a username is "invalid_email";
//  - role and language: exactly one of the choices ("invalid_choice").
// Every field is checked; one error per field, in the order above.
#include <optional>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "account/user.hpp"
#include "twofold/i18n/catalog.hpp"
#include "twofold/validation/field_error.hpp"

namespace twofold::server {

struct agent_profile {
  std::string display_name;  // trimmed
  std::string email;         // lower case
  user_role role = user_role::agent;
  std::optional<i18n::language> language;  // empty: the company default
};

[[nodiscard]] std::variant<agent_profile, field_errors> validate_agent_profile(const nlohmann::json& body);

}  // namespace twofold::server
