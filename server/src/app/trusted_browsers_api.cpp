#include "app/trusted_browsers_api.hpp"

#include <variant>

#include <nlohmann/json.hpp>

#include "app/admin_api.hpp"
#include "app/admin_access.hpp"
#include "app/api_answers.hpp"
#include "app/query_string.hpp"
#include "app/request_language.hpp"
#include "app/session_api.hpp"
#include "app/session_cookie.hpp"
#include "auth/session_token.hpp"
#include "runtime/clock.hpp"
#include "runtime/logger.hpp"

namespace twofold::server {

namespace {

http_response not_signed_in(const http_request& request) {
  return error_answer(401, "not_signed_in", answer_language(std::nullopt, request.header("accept-language")));
}

// Whether the request came from this trusted browser (its cookie names it).
bool is_current(const trusted_browser_record& browser, const http_request& request) {
  const auto cookie = session_cookie_value(request, cookie_kind::trusted_browser);
  const auto hash = cookie ? hash_of_cookie_value(*cookie) : std::nullopt;
  return hash && same_token_hash(*hash, browser.token_hash);
}

}  // namespace

trusted_browsers_api::trusted_browsers_api(storage& store, const clock& clk, two_factor_policy_admin& policy,
                                           session_service& sessions, logger& log)
    : clock_(clk), browsers_(store), policy_(policy), sessions_(sessions), log_(log) {}

std::optional<active_session> trusted_browsers_api::session_of(const http_request& request) {
  const auto cookie = session_cookie_value(request);
  return cookie ? sessions_.resume(*cookie) : std::nullopt;
}

http_response trusted_browsers_api::list(const http_request& request) {
  const auto session = session_of(request);
  if (!session) return not_signed_in(request);
  auto browsers = nlohmann::json::array();
  for (const auto& browser : browsers_.list(session->account, clock_.now())) {
    browsers.push_back({{"id", browser.id},
                        {"created_at", iso8601(browser.created_at)},
                        {"expires_at", iso8601(browser.expires_at)},
                        {"ip", browser.ip},
                        {"user_agent", browser.user_agent},
                        {"current", is_current(browser, request)}});
  }
  const auto days = trust_days_for(session->account);
  return json_answer(200, nlohmann::json{{"trusted_browsers", browsers},
                                         {"remember_days", days ? nlohmann::json(*days) : nlohmann::json()}}
                              .dump());
}

http_response trusted_browsers_api::forget_all(const http_request& request) {
  const auto session = session_of(request);
  if (!session) return not_signed_in(request);
  std::ignore = browsers_.forget(session->account, std::nullopt, client_of(request), clock_.now());
  log_.info("trusted_browsers.revoked", {{"user_id", session->account.id}, {"which", "all"}});
  return empty_answer();
}

http_response trusted_browsers_api::forget_one(const http_request& request) {
  const auto session = session_of(request);
  if (!session) return not_signed_in(request);
  const auto id = match_id_path(forget_one_path, path_of(request.target));
  if (!id || !browsers_.forget(session->account, *id, client_of(request), clock_.now())) {
    return error_answer(404, "not_found", session->account.language);
  }
  log_.info("trusted_browsers.revoked", {{"user_id", session->account.id}, {"which", *id}});
  return empty_answer();
}

http_response trusted_browsers_api::admin_revoke(const http_request& request) {
  auto signed_in = signed_in_admin(request, sessions_, log_);
  if (auto* refused = std::get_if<http_response>(&signed_in)) return std::move(*refused);
  const auto& admin = std::get<active_session>(signed_in).account;
  const auto id = match_id_path(admin_revoke_path, path_of(request.target));
  if (!id) return error_answer(404, "not_found", admin.language);
  if (!policy_.revoke_trusted_browsers(admin, *id, client_of(request))) return person_refused(admin.language);
  log_.info("admin.trusted_browsers_revoked", {{"user_id", *id}, {"by_user_id", admin.id}});
  return empty_answer();
}

}  // namespace twofold::server
