#include "app/request_bodies.hpp"

#include <nlohmann/json.hpp>

#include "twofold/otp/backup_codes.hpp"
#include "twofold/otp/code_format.hpp"

namespace twofold::server {

namespace {

// The object in `body`, or nothing when it is not a JSON object.
std::optional<nlohmann::json> object_of(std::string_view body) {
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  return parsed;
}

// A string member; nothing when absent. false in `ok` when present but not a string.
std::optional<std::string> string_member(const nlohmann::json& object, const char* name, bool& ok) {
  const auto found = object.find(name);
  if (found == object.end() || found->is_null()) return std::nullopt;
  if (!found->is_string()) {
    ok = false;
    return std::nullopt;
  }
  return found->get<std::string>();
}

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

second_factor_body parse_second_factor_body(std::string_view body) {
  const auto object = object_of(body);
  if (!object) return malformed_body{};
  bool ok = true;
  const auto code = string_member(*object, "code", ok);
  const auto backup = string_member(*object, "backup_code", ok);
  if (!ok) return malformed_body{};
  if (code && backup) return one_error("code", "one_code_only");
  if (backup) {
    auto checked = otp::normalize_backup_code(*backup);
    if (!checked.ok()) return std::move(checked.errors);
    return second_factor_answer{typed_backup_code{std::move(checked.code)}};
  }
  auto checked = checked_code(code.value_or(""));
  if (auto* errors = std::get_if<field_errors>(&checked)) return std::move(*errors);
  return second_factor_answer{std::get<typed_code>(std::move(checked))};
}

code_body parse_code_body(std::string_view body) {
  const auto object = object_of(body);
  if (!object) return malformed_body{};
  bool ok = true;
  const auto code = string_member(*object, "code", ok);
  if (!ok) return malformed_body{};
  auto checked = checked_code(code.value_or(""));
  if (auto* errors = std::get_if<field_errors>(&checked)) return std::move(*errors);
  return std::get<typed_code>(std::move(checked));
}

step_up_body parse_step_up_body(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::optional<std::string>{};
  const auto object = object_of(body);
  if (!object) return malformed_body{};
  bool ok = true;
  auto password = string_member(*object, "password", ok);
  if (!ok) return malformed_body{};
  return password;
}

}  // namespace twofold::server
