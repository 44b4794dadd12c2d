#include "app/admin_api.hpp"

#include <algorithm>
#include <charconv>
#include <variant>

#include <nlohmann/json.hpp>

#include "admin/people.hpp"
#include "admin/two_factor_policy_admin.hpp"
#include "app/admin_access.hpp"
#include "app/api_answers.hpp"
#include "app/query_string.hpp"
#include "app/session_api.hpp"
#include "config/config.hpp"
#include "runtime/logger.hpp"

namespace twofold::server {

namespace {

constexpr std::string_view id_segment = "{id}";

std::optional<long long> positive_number(std::string_view text) {
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

field_errors one_error(std::string_view field, std::string_view code) {
  return {field_error{.field = std::string(field),
                      .code = std::string(code),
                      .message_key = "validation." + std::string(code)}};
}

nlohmann::json optional_json(const std::optional<std::string>& text) { return text ? nlohmann::json(*text) : nlohmann::json(); }

std::string people_json(const people_page& page) {
  auto users = nlohmann::json::array();
  for (const auto& row : page.users) {
    users.push_back({{"id", row.user.id},
                     {"username", row.user.username},
                     {"email", row.user.email},
                     {"display_name", row.user.display_name},
                     {"role", row.user.role},
                     {"language", optional_json(row.user.language)},
                     {"two_factor", optional_json(row.two_factor_method)},
                     {"locked", is_locked(row.user, page.as_of)},
                     {"disabled", row.user.disabled},
                     {"last_sign_in_at", row.last_sign_in_at ? nlohmann::json(iso8601(*row.last_sign_in_at))
                                                             : nlohmann::json()}});
  }
  return nlohmann::json{{"users", users}, {"total", page.total}, {"page", page.page}, {"page_size", people_page_size}}
      .dump();
}

std::string security_json(const lock_mode& mode, const two_factor_policy& policy) {
  nlohmann::json body = {{"lock_mode", mode.duration ? "timed" : "until_unlocked"}};
  if (mode.duration) body["lock_minutes"] = mode.duration->count();
  add_two_factor_policy_json(body, policy);
  return body.dump();
}

// {"lock_mode": "until_unlocked"} or {"lock_mode": "timed", "lock_minutes": 1..1440 (default 5)}.
std::variant<lock_mode, field_errors> parse_security(const nlohmann::json& body) {
  const auto mode = body.find("lock_mode");
  if (mode == body.end() || !mode->is_string()) return one_error("lock_mode", "invalid_choice");
  if (*mode == "until_unlocked") return lock_mode{};
  if (*mode != "timed") return one_error("lock_mode", "invalid_choice");
  const auto minutes = body.find("lock_minutes");
  if (minutes == body.end() || minutes->is_null()) return lock_mode{.duration = std::chrono::minutes{5}};
  if (!minutes->is_number_integer()) return one_error("lock_minutes", "out_of_range");
  const auto value = minutes->get<long long>();
  if (value < 1 || value > max_lock_minutes) return one_error("lock_minutes", "out_of_range");
  return lock_mode{.duration = std::chrono::minutes{value}};
}

}  // namespace

std::optional<long long> match_id_path(std::string_view pattern, std::string_view path) {
  const auto at = pattern.find(id_segment);
  if (at == std::string_view::npos) return std::nullopt;
  const auto prefix = pattern.substr(0, at);
  const auto suffix = pattern.substr(at + id_segment.size());
  if (path.size() <= prefix.size() + suffix.size() || !path.starts_with(prefix) || !path.ends_with(suffix)) {
    return std::nullopt;
  }
  return positive_number(path.substr(prefix.size(), path.size() - prefix.size() - suffix.size()));
}

admin_api::admin_api(const config& cfg, people_admin& people, two_factor_policy_admin& policy,
                     session_service& sessions, logger& log)
    : cfg_(cfg), people_(people), policy_(policy), sessions_(sessions), log_(log) {}

http_response admin_api::list_users(const http_request& request) {
  auto admin = signed_in_admin(request, sessions_, log_);
  if (auto* refused = std::get_if<http_response>(&admin)) return std::move(*refused);
  const auto& account = std::get<active_session>(admin).account;
  const std::string search = query_parameter(request.target, "q").value_or("");
  if (code_points(search) > max_people_search) {
    return error_answer(400, "validation_failed", account.language, one_error("q", "too_long"));
  }
  const auto page_text = query_parameter(request.target, "page");
  const auto page = page_text ? positive_number(*page_text) : std::optional<long long>(1);
  if (!page || *page > 1'000'000) {
    return error_answer(400, "validation_failed", account.language, one_error("page", "out_of_range"));
  }
  return json_answer(200, people_json(people_.list(account, search, *page)));
}

http_response admin_api::unlock(const http_request& request) {
  auto admin = signed_in_admin(request, sessions_, log_);
  if (auto* refused = std::get_if<http_response>(&admin)) return std::move(*refused);
  const auto& account = std::get<active_session>(admin).account;
  const auto id = match_id_path(unlock_path, path_of(request.target));
  if (!id) return error_answer(404, "not_found", account.language);
  if (!people_.unlock(account, *id, client_of(request))) return person_refused(account.language);
  log_.info("admin.unlocked", {{"user_id", *id}, {"by_user_id", account.id}});  // *id: long long
  return empty_answer();
}

http_response admin_api::security(const http_request& request) {
  auto admin = signed_in_admin(request, sessions_, log_);
  if (auto* refused = std::get_if<http_response>(&admin)) return std::move(*refused);
  const auto& account = std::get<active_session>(admin).account;
  return json_answer(200, security_json(people_.lock_setting(account), policy_.policy(account)));
}

http_response admin_api::change_security(const http_request& request) {
  auto admin = signed_in_admin(request, sessions_, log_);
  if (auto* refused = std::get_if<http_response>(&admin)) return std::move(*refused);
  const auto& account = std::get<active_session>(admin).account;
  if (request.body.size() > cfg_.max_body_bytes) return error_answer(413, "body_too_large", account.language);
  const auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return error_answer(400, "malformed_json", account.language);
  const auto mode = parse_security(body);
  if (const auto* errors = std::get_if<field_errors>(&mode)) {
    return error_answer(400, "validation_failed", account.language, *errors);
  }
  const auto policy = parse_two_factor_policy(body, policy_.policy(account));
  if (const auto* errors = std::get_if<field_errors>(&policy)) {
    return error_answer(400, "validation_failed", account.language, *errors);
  }
  people_.change_lock_setting(account, std::get<lock_mode>(mode), client_of(request));
  policy_.change(account, std::get<two_factor_policy>(policy), client_of(request));
  return json_answer(200, security_json(people_.lock_setting(account), policy_.policy(account)));
}

}  // namespace twofold::server
