#include "app/password_api.hpp"

#include "app/api_answers.hpp"
#include "app/app_services.hpp"
#include "app/request_bodies.hpp"
#include "runtime/logger.hpp"
#include "runtime/overloaded.hpp"
#include "runtime/server_metrics.hpp"
#include "twofold/validation/sign_in_form.hpp"

namespace twofold::server::password_api {

namespace {

// The one answer to every accepted request, found or not.
constexpr std::string_view forgot_answer_body = R"({"status":"accepted"})";

}  // namespace

http_response forgot(app_services& services, request_context& context) {
  // The sign-in's rules for company and account; no password is asked here.
  auto checked = validate_sign_in({.company = string_member_or_empty(context.body, "company"),
                                   .account = string_member_or_empty(context.body, "account"),
                                   .password = "-"});
  if (!checked.ok()) return error_answer(400, "validation_failed", context.language, checked.errors);
  const auto outcome = services.resets.request(
      {.company = checked.normalized.company, .account = checked.normalized.account, .kind = checked.kind},
      context.client);
  if (const auto* throttled = std::get_if<reset_throttled>(&outcome)) {
    services.log.warn("auth.password_reset_throttled",
                      {{"retry_after", throttled->retry_after.count()}, {"ip", context.client.ip}});
    return wait_answer(throttle_kind::forgot_password, "too_many_attempts", context.language, throttled->retry_after);
  }
  // The log line is the same too: whether a mail went out is in the audit trail only.
  services.log.info("auth.password_reset_requested", {{"ip", context.client.ip}});
  return json_answer(202, std::string(forgot_answer_body));
}

http_response reset(app_services& services, request_context& context) {
  const auto outcome = services.resets.reset(string_member_or_empty(context.body, "token"),
                                             string_member_or_empty(context.body, "password"), context.client);
  return std::visit(overloaded{
                        [&](const password_reset_done& done) {
                          services.log.info("auth.password_reset", {{"user_id", done.user_id}, {"ip", context.client.ip}});
                          return empty_answer();
                        },
                        [&](const reset_link_invalid&) {
                          services.log.warn("auth.reset_link_invalid", {{"ip", context.client.ip}});
                          return error_answer(400, "reset_link_invalid", context.language);
                        },
                        [&](const field_errors& errors) {
                          return error_answer(400, "validation_failed", context.language, errors);
                        },
                    },
                    outcome);
}

}  // namespace twofold::server::password_api
