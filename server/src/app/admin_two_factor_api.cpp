#include "app/admin_two_factor_api.hpp"

#include "app/api_answers.hpp"
#include "app/app_services.hpp"
#include "runtime/logger.hpp"

namespace twofold::server::admin_two_factor_api {

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

http_response create_code(app_services& services, request_context& context) {
  const auto outcome = services.agent_two_factor.create_code(context.account(), *context.id, context.client);
  if (const auto* refused = std::get_if<admin_refusal>(&outcome)) return refusal_answer(*refused, context.language);
  const auto& created = std::get<admin_code_created>(outcome);
  services.log.info("admin.code_created", {{"user_id", *context.id}, {"by_user_id", context.account().id}});
  return json_answer(200, nlohmann::json{{"code", created.code},
                                         {"expires_at", iso8601(created.expires_at)},
                                         {"expires_in", admin_code_lifetime.count()}}
                              .dump());
}

http_response codes(app_services& services, request_context& context) {
  auto listed = nlohmann::json::array();
  for (const auto& code : services.agent_two_factor.codes(context.account())) {
    listed.push_back({{"user_id", code.user_id},
                      {"created_at", iso8601(code.created_at)},
                      {"expires_at", iso8601(code.expires_at)}});
  }
  return json_answer(200, nlohmann::json{{"codes", listed}}.dump());
}

http_response turn_off(app_services& services, request_context& context) {
  const auto outcome = services.agent_two_factor.turn_off(context.account(), *context.id, context.client);
  if (const auto* refused = std::get_if<admin_refusal>(&outcome)) return refusal_answer(*refused, context.language);
  services.log.info("admin.two_factor_turned_off", {{"user_id", *context.id}, {"by_user_id", context.account().id}});
  return empty_answer();
}

http_response revoke_trusted_browsers(app_services& services, request_context& context) {
  if (!services.policy.revoke_trusted_browsers(context.account(), *context.id, context.client)) {
    return person_refused(context.language);
  }
  services.log.info("admin.trusted_browsers_revoked", {{"user_id", *context.id}, {"by_user_id", context.account().id}});
  return empty_answer();
}

}  // namespace twofold::server::admin_two_factor_api
