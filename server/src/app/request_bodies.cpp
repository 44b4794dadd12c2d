#include "app/request_bodies.hpp"

#include "twofold/otp/backup_codes.hpp"
#include "twofold/otp/code_format.hpp"
#include "twofold/phone/phone_number.hpp"

namespace twofold::server {

namespace {

field_errors one_error(std::string_view field, std::string_view code) {
  return {field_error{.field = std::string(field), .code = std::string(code),
                      .message_key = "validation." + std::string(code)}};
}

std::variant<typed_code, field_errors> checked_code(const std::string& typed) {
  auto checked = otp::normalize_code(typed);
  if (!checked.ok()) return std::move(checked.errors);
  return typed_code{std::move(checked.code)};
}

}  // namespace

std::variant<std::optional<std::string>, malformed_body> optional_string_member(const nlohmann::json& body,
                                                                                std::string_view name) {
  const auto found = body.find(name);
  if (found == body.end() || found->is_null()) return std::optional<std::string>{};
  if (!found->is_string()) return malformed_body{};
  return std::optional(found->get<std::string>());
}

std::string string_member_or_empty(const nlohmann::json& body, std::string_view name) {
  const auto found = body.find(name);
  return found != body.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::variant<second_factor_answer, field_errors, malformed_body> second_factor_answer_of(const nlohmann::json& body) {
  const auto code = optional_string_member(body, "code");
  const auto backup = optional_string_member(body, "backup_code");
  if (std::holds_alternative<malformed_body>(code) || std::holds_alternative<malformed_body>(backup)) {
    return malformed_body{};
  }
  const auto& typed_code_text = std::get<std::optional<std::string>>(code);
  const auto& typed_backup = std::get<std::optional<std::string>>(backup);
  if (typed_code_text && typed_backup) return one_error("code", "one_code_only");
  if (typed_backup) {
    auto checked = otp::normalize_backup_code(*typed_backup);
    if (!checked.ok()) return std::move(checked.errors);
    return second_factor_answer{typed_backup_code{std::move(checked.code)}};
  }
  auto checked = checked_code(typed_code_text.value_or(""));
  if (auto* errors = std::get_if<field_errors>(&checked)) return std::move(*errors);
  return second_factor_answer{std::get<typed_code>(std::move(checked))};
}

std::variant<typed_code, field_errors, malformed_body> code_of(const nlohmann::json& body) {
  const auto code = optional_string_member(body, "code");
  if (std::holds_alternative<malformed_body>(code)) return malformed_body{};
  auto checked = checked_code(std::get<std::optional<std::string>>(code).value_or(""));
  if (auto* errors = std::get_if<field_errors>(&checked)) return std::move(*errors);
  return std::get<typed_code>(std::move(checked));
}

std::variant<phone_number_typed, field_errors, malformed_body> phone_number_of(const nlohmann::json& body) {
  const auto country = optional_string_member(body, "country");
  const auto phone = optional_string_member(body, "phone");
  if (std::holds_alternative<malformed_body>(country) || std::holds_alternative<malformed_body>(phone)) {
    return malformed_body{};
  }
  auto checked = phone::normalize_phone(std::get<std::optional<std::string>>(country).value_or(""),
                                        std::get<std::optional<std::string>>(phone).value_or(""));
  if (!checked) return field_errors{checked.error()};
  return phone_number_typed{std::move(checked).value()};
}

std::optional<bool> remember_of(const nlohmann::json& body) {
  const auto found = body.find("remember");
  if (found == body.end() || found->is_null()) return false;
  if (!found->is_boolean()) return std::nullopt;
  return found->get<bool>();
}

}  // namespace twofold::server
