#include "admin/agent_form.hpp"

#include <algorithm>

#include "twofold/validation/sign_in_form.hpp"

namespace twofold::server {

namespace {

field_error error_of(std::string_view field, std::string_view code) {
  return field_error{.field = std::string(field), .code = std::string(code), .message_key = "validation." + std::string(code)};
}

// The text of `name`, or empty when it is missing or not a string.
std::optional<std::string> text_of(const nlohmann::json& body, std::string_view name) {
  const auto found = body.find(name);
  if (found == body.end() || !found->is_string()) return std::nullopt;
  return found->get<std::string>();
}

const field_error* error_for(const field_errors& errors, std::string_view field) {
  const auto found = std::ranges::find(errors, field, &field_error::field);
  return found == errors.end() ? nullptr : &*found;
}

}  // namespace

std::variant<agent_profile, field_errors> validate_agent_profile(const nlohmann::json& body) {
  field_errors errors;
  agent_profile profile;

  const auto name = text_of(body, "display_name");
  const auto email = text_of(body, "email");
  // The sign-in form's rules: its company is our display name, its account our email.
  const auto checked = validate_sign_in({.company = name.value_or(""), .account = email.value_or(""), .password = "-"});
  if (!name) {
    errors.push_back(error_of("display_name", "required"));
  } else if (const auto* error = error_for(checked.errors, "company")) {
    errors.push_back(error_of("display_name", error->code));
  } else {
    profile.display_name = checked.normalized.company;
  }
  if (!email) {
    errors.push_back(error_of("email", "required"));
  } else if (const auto* error = error_for(checked.errors, "account")) {
    errors.push_back(error_of("email", error->code == "invalid_account" ? "invalid_email" : error->code));
  } else if (checked.kind != account_kind::email) {
    errors.push_back(error_of("email", "invalid_email"));
  } else {
    profile.email = checked.normalized.account;
  }

  const auto role = text_of(body, "role");
  if (role == "admin") {
    profile.role = user_role::admin;
  } else if (role == "agent") {
    profile.role = user_role::agent;
  } else {
    errors.push_back(error_of("role", "invalid_choice"));
  }

  const auto language = body.find("language");
  if (language != body.end() && !language->is_null()) {
    const auto supported = i18n::supported_languages();
    const auto match = language->is_string()
                           ? std::ranges::find(supported, language->get<std::string>(), &i18n::language_info::tag)
                           : supported.end();
    if (match == supported.end()) {
      errors.push_back(error_of("language", "invalid_choice"));
    } else {
      profile.language = match->id;
    }
  }

  if (!errors.empty()) return errors;
  return profile;
}

}  // namespace twofold::server
