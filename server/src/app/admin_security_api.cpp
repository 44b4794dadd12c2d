#include "app/admin_security_api.hpp"

#include "app/api_answers.hpp"
#include "app/app_services.hpp"

namespace twofold::server::admin_security_api {

namespace {

field_errors one_error(std::string_view field, std::string_view code) {
  return {field_error{.field = std::string(field), .code = std::string(code),
                      .message_key = "validation." + std::string(code)}};
}

std::string security_json(const lock_mode& mode, const two_factor_policy& policy) {
  nlohmann::json body = {{"lock_mode", mode.duration ? "timed" : "until_unlocked"}};
  if (mode.duration) body["lock_minutes"] = mode.duration->count();
  body["default_lock_minutes"] = default_lock_minutes;  // the form's start for a timed lock: written once, here
  add_two_factor_policy_json(body, policy);
  return body.dump();
}

// {"lock_mode": "until_unlocked"} or {"lock_mode": "timed", "lock_minutes": 1..1440 (default_lock_minutes)}.
std::variant<lock_mode, field_errors> parse_lock_mode(const nlohmann::json& body) {
  const auto mode = body.find("lock_mode");
  if (mode == body.end() || !mode->is_string()) return one_error("lock_mode", "invalid_choice");
  if (*mode == "until_unlocked") return lock_mode{};
  if (*mode != "timed") return one_error("lock_mode", "invalid_choice");
  const auto minutes = body.find("lock_minutes");
  if (minutes == body.end() || minutes->is_null()) return lock_mode{.duration = std::chrono::minutes{default_lock_minutes}};
  if (!minutes->is_number_integer()) return one_error("lock_minutes", "out_of_range");
  const auto value = minutes->get<long long>();
  if (value < 1 || value > max_lock_minutes) return one_error("lock_minutes", "out_of_range");
  return lock_mode{.duration = std::chrono::minutes{value}};
}

http_response current(app_services& services, const user& admin) {
  return json_answer(200, security_json(services.people.lock_setting(admin), services.policy.policy(admin)));
}

}  // namespace

http_response security(app_services& services, request_context& context) { return current(services, context.account()); }

http_response change(app_services& services, request_context& context) {
  const auto& admin = context.account();
  const auto mode = parse_lock_mode(context.body);
  if (const auto* errors = std::get_if<field_errors>(&mode)) {
    return error_answer(400, "validation_failed", context.language, *errors);
  }
  const auto policy = parse_two_factor_policy(context.body, services.policy.policy(admin));
  if (const auto* errors = std::get_if<field_errors>(&policy)) {
    return error_answer(400, "validation_failed", context.language, *errors);
  }
  services.people.change_lock_setting(admin, std::get<lock_mode>(mode), context.client);
  services.policy.change(admin, std::get<two_factor_policy>(policy), context.client);
  return current(services, admin);
}

}  // namespace twofold::server::admin_security_api
