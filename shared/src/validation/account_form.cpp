#include "twofold/validation/account_form.hpp"

#include <algorithm>
#include <optional>

#include "text/unicode_properties.hpp"
#include "text/utf8.hpp"
#include "twofold/i18n/catalog.hpp"
#include "twofold/validation/sign_in_form.hpp"

namespace twofold {
namespace {

field_error make_error(std::string_view field, std::string_view code) {
  return {std::string(field), std::string(code), "validation." + std::string(code)};
}

// The sign-in's account rule decides the shape; `wanted` is the kind this
// field must be ("bob" in the email field is an invalid email).
std::optional<std::string> check_account_field(std::string_view raw, account_kind wanted, std::string_view field,
                                               field_errors& errors) {
  const auto checked = validate_sign_in({.company = "-", .account = std::string(raw), .password = "-"});
  const auto failed = std::find_if(checked.errors.begin(), checked.errors.end(),
                                   [](const field_error& error) { return error.field == "account"; });
  std::string_view code;
  if (failed != checked.errors.end()) {
    code = failed->code;
  } else if (checked.kind != wanted) {
    code = "invalid_account";
  } else {
    return checked.normalized.account;
  }
  if (code == "invalid_account") code = wanted == account_kind::email ? "invalid_email" : "invalid_username";
  errors.push_back(make_error(field, code));
  return std::nullopt;
}

std::optional<std::string> check_display_name(std::string_view raw, field_errors& errors) {
  const auto decoded = text::decode_utf8(raw);
  std::string_view code;
  if (!decoded) {
    code = "invalid_utf8";
  } else {
    const auto trimmed = text::trim_white_space(*decoded);
    if (trimmed.empty()) {
      code = "required";
    } else if (std::any_of(trimmed.begin(), trimmed.end(), text::is_control)) {
      code = "control_characters";
    } else if (trimmed.size() > display_name_max_code_points) {
      code = "too_long";
    } else {
      return text::encode_utf8(trimmed);
    }
  }
  errors.push_back(make_error("display_name", code));
  return std::nullopt;
}

}  // namespace

account_validation validate_account(const account_form& form) {
  account_validation validation;
  if (auto name = check_display_name(form.display_name, validation.errors)) validation.normalized.display_name = *name;
  if (auto username = check_account_field(form.username, account_kind::username, "username", validation.errors)) {
    validation.normalized.username = *username;
  }
  if (auto email = check_account_field(form.email, account_kind::email, "email", validation.errors)) {
    validation.normalized.email = *email;
  }
  if (form.role == "agent" || form.role == "admin") {
    validation.normalized.role = form.role;
  } else {
    validation.errors.push_back(make_error("role", "invalid_choice"));
  }
  if (form.language.empty()) {
    validation.normalized.language = "";
  } else if (const auto language = i18n::parse_language(form.language)) {
    validation.normalized.language = std::string(i18n::language_tag(*language));
  } else {
    validation.errors.push_back(make_error("language", "invalid_choice"));
  }
  return validation;
}

}  // namespace twofold
