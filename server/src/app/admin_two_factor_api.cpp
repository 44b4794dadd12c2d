#include "app/admin_two_factor_api.hpp"

#include <chrono>
#include <variant>

#include <nlohmann/json.hpp>

#include "admin/agent_two_factor.hpp"
#include "app/admin_access.hpp"
#include "app/admin_api.hpp"
#include "app/api_answers.hpp"
#include "app/query_string.hpp"
#include "app/session_api.hpp"
#include "runtime/logger.hpp"

namespace twofold::server {

namespace {

http_response refusal_answer(admin_refusal refusal, i18n::language language) {
  switch (refusal) {
    case admin_refusal::own_account: return error_answer(409, "own_account", language);
    case admin_refusal::two_factor_off: return error_answer(409, "two_factor_off", language);
    case admin_refusal::person_not_found: break;
  }
  return person_refused(language);
}

}  // namespace

admin_two_factor_api::admin_two_factor_api(session_service& sessions, agent_two_factor_admin& two_factor, logger& log)
    : sessions_(sessions), two_factor_(two_factor), log_(log) {}

http_response admin_two_factor_api::create_code(const http_request& request) {
  auto admin = signed_in_admin(request, sessions_, log_);
  if (auto* refused = std::get_if<http_response>(&admin)) return std::move(*refused);
  const auto& account = std::get<active_session>(admin).account;
  const auto id = match_id_path(code_path, path_of(request.target));
  if (!id) return error_answer(404, "not_found", account.language);
  const auto outcome = two_factor_.create_code(account, *id, client_of(request));
  if (const auto* refused = std::get_if<admin_refusal>(&outcome)) return refusal_answer(*refused, account.language);
  const auto& created = std::get<admin_code_created>(outcome);
  log_.info("admin.code_created", {{"user_id", *id}, {"by_user_id", account.id}});
  return json_answer(200, nlohmann::json{{"code", created.code},
                                         {"expires_at", iso8601(created.expires_at)},
                                         {"expires_in", admin_code_lifetime.count()}}
                              .dump());
}

http_response admin_two_factor_api::codes(const http_request& request) {
  auto admin = signed_in_admin(request, sessions_, log_);
  if (auto* refused = std::get_if<http_response>(&admin)) return std::move(*refused);
  auto listed = nlohmann::json::array();
  for (const auto& code : two_factor_.codes(std::get<active_session>(admin).account)) {
    listed.push_back({{"user_id", code.user_id},
                      {"created_at", iso8601(code.created_at)},
                      {"expires_at", iso8601(code.expires_at)}});
  }
  return json_answer(200, nlohmann::json{{"codes", listed}}.dump());
}

http_response admin_two_factor_api::turn_off(const http_request& request) {
  auto admin = signed_in_admin(request, sessions_, log_);
  if (auto* refused = std::get_if<http_response>(&admin)) return std::move(*refused);
  const auto& account = std::get<active_session>(admin).account;
  const auto id = match_id_path(two_factor_path, path_of(request.target));
  if (!id) return error_answer(404, "not_found", account.language);
  const auto outcome = two_factor_.turn_off(account, *id, client_of(request));
  if (const auto* refused = std::get_if<admin_refusal>(&outcome)) return refusal_answer(*refused, account.language);
  log_.info("admin.two_factor_turned_off", {{"user_id", *id}, {"by_user_id", account.id}});
  return empty_answer();
}

}  // namespace twofold::server
