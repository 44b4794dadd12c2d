#include "app/trusted_browsers_api.hpp"

#include "app/api_answers.hpp"
#include "app/app_services.hpp"
#include "app/session_cookie.hpp"
#include "runtime/clock.hpp"
#include "runtime/logger.hpp"

namespace twofold::server::trusted_browsers_api {

namespace {

// Whether the request came from this trusted browser (its cookie names it).
bool is_current(const trusted_browser_record& browser, const http_request& request) {
  const auto cookie = session_cookie_value(request, cookie_kind::trusted_browser);
  const auto hash = cookie ? hash_of_cookie_value(*cookie) : std::nullopt;
  return hash && same_token_hash(*hash, browser.token_hash);
}

}  // namespace

http_response list(app_services& services, request_context& context) {
  auto browsers = nlohmann::json::array();
  for (const auto& browser : services.trusted.list(context.account(), services.clk.now())) {
    browsers.push_back({{"id", browser.id},
                        {"created_at", iso8601(browser.created_at)},
                        {"expires_at", iso8601(browser.expires_at)},
                        {"ip", browser.ip},
                        {"user_agent", browser.user_agent},
                        {"current", is_current(browser, context.request)}});
  }
  const auto days = trust_days_for(context.account());
  return json_answer(200, nlohmann::json{{"trusted_browsers", browsers},
                                         {"remember_days", days ? nlohmann::json(*days) : nlohmann::json()}}
                              .dump());
}

http_response forget_all(app_services& services, request_context& context) {
  std::ignore = services.trusted.forget(context.account(), std::nullopt, context.client, services.clk.now());
  services.log.info("trusted_browsers.revoked", {{"user_id", context.account().id}, {"which", "all"}});
  return empty_answer();
}

http_response forget_one(app_services& services, request_context& context) {
  if (!services.trusted.forget(context.account(), *context.id, context.client, services.clk.now())) {
    return error_answer(404, "not_found", context.language);
  }
  services.log.info("trusted_browsers.revoked", {{"user_id", context.account().id}, {"which", *context.id}});
  return empty_answer();
}

}  // namespace twofold::server::trusted_browsers_api
