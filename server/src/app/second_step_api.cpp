#include "app/second_step_api.hpp"

#include "app/api_answers.hpp"
#include "app/password_api.hpp"
#include "app/request_bodies.hpp"
#include "app/request_language.hpp"
#include "app/session_api.hpp"
#include "app/session_cookie.hpp"
#include "app/trusted_browser_cookie.hpp"
#include "config/config.hpp"
#include "runtime/logger.hpp"
#include "runtime/overloaded.hpp"
#include "two_factor/second_step.hpp"
#include "twofold/security/lockout.hpp"

#include <nlohmann/json.hpp>

namespace twofold::server {

namespace {

i18n::language language_of(const http_request& request) {
  return answer_language(std::nullopt, request.header("accept-language"));
}

std::string pending_cookie(const http_request& request) {
  return session_cookie_value(request, cookie_kind::second_step).value_or("");
}

http_response gone(const http_request& request) {
  auto answer = error_answer(401, "second_step_expired", language_of(request));
  answer.headers.emplace_back("Set-Cookie", cleared_session_cookie(request.tls, cookie_kind::second_step));
  return answer;
}

// The wrong code that left `attempts_left` carries the lock warning when the
// core's verdict says so (lockout.hpp: the 3rd and 4th).
http_response code_rejected_answer(int attempts_left, i18n::language language) {
  auto answer = counted_error_answer(401, "code_rejected", language, "attempts_left", attempts_left);
  if (!verdict_for_wrong_code(max_code_failures - attempts_left).warn) return answer;
  auto body = nlohmann::json::parse(answer.body);
  body["error"]["message"] = body["error"]["message"].get<std::string>() + " " +
                             i18n::format(language, "error.lock_warning", {{"count", attempts_left}});
  answer.body = body.dump();
  return answer;
}

// The body's "remember" ("Don't ask again for N days"): absent or false for
// no; anything but a boolean is malformed.
std::optional<bool> remember_of(std::string_view body) {
  const auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (!parsed.is_object()) return std::nullopt;
  const auto found = parsed.find("remember");
  if (found == parsed.end() || found->is_null()) return false;
  if (!found->is_boolean()) return std::nullopt;
  return found->get<bool>();
}

}  // namespace

second_step_api::second_step_api(const config& cfg, second_step_service& second_steps, logger& log)
    : cfg_(cfg), second_steps_(second_steps), log_(log) {}

http_response second_step_api::status(const http_request& request) {
  const auto view = second_steps_.view(pending_cookie(request));
  if (!view) return gone(request);
  return json_answer(200, second_step_json(*view));
}

http_response second_step_api::verify(const http_request& request) {
  if (request.body.size() > cfg_.max_body_bytes) return error_answer(413, "body_too_large", language_of(request));
  const auto body = parse_second_factor_body(request.body);
  if (std::holds_alternative<malformed_body>(body)) return error_answer(400, "malformed_json", language_of(request));
  if (const auto* errors = std::get_if<field_errors>(&body)) {
    return error_answer(400, "validation_failed", language_of(request), *errors);
  }
  const auto remember = remember_of(request.body);
  if (!remember) return error_answer(400, "malformed_json", language_of(request));
  const auto client = client_of(request);
  const auto outcome =
      second_steps_.verify(pending_cookie(request), std::get<second_factor_answer>(body), client, *remember);
  return std::visit(
      overloaded{
          [&](const second_step_signed_in& done) {
            log_.info("auth.sign_in_succeeded", {{"user_id", done.account.id},
                                                 {"company_id", done.account.company_id},
                                                 {"second_factor", done.backup_code_used ? "backup_code" : "code"},
                                                 {"ip", client.ip},
                                                 {"trusted_browser", done.trusted_browser.has_value()}});
            auto answer = signed_in_answer(done.account, done.token.cookie_value, request);
            if (done.trusted_browser) {
              answer.headers.emplace_back("Set-Cookie", trusted_browser_cookie(done.trusted_browser->token.cookie_value,
                                                                               request.tls,
                                                                               done.trusted_browser->lifetime));
            }
            return answer;
          },
          [&](const remember_not_allowed&) {
            return error_answer(400, "validation_failed", language_of(request),
                                {field_error{.field = "remember",
                                             .code = "remember_not_allowed",
                                             .message_key = "validation.remember_not_allowed"}});
          },
          [&](const code_rejected& rejected) {
            log_.warn("auth.second_step_failed", {{"attempts_left", rejected.attempts_left}, {"ip", client.ip}});
            return code_rejected_answer(rejected.attempts_left, language_of(request));
          },
          [&](const account_locked& locked) {
            log_.warn("auth.account_locked", {{"ip", client.ip}});
            auto answer = locked_answer(locked, language_of(request));
            answer.headers.emplace_back("Set-Cookie", cleared_session_cookie(request.tls, cookie_kind::second_step));
            return answer;
          },
          [&](const second_step_gone&) { return gone(request); },
          [&](const password_change_required& pending) {
            log_.info("auth.password_change_required", {{"user_id", pending.account.id}, {"ip", client.ip}});
            return password_change_answer(pending, request);
          },
      },
      outcome);
}

http_response second_step_api::cancel(const http_request& request) {
  second_steps_.cancel(pending_cookie(request), client_of(request));
  auto answer = empty_answer();
  answer.headers.emplace_back("Set-Cookie", cleared_session_cookie(request.tls, cookie_kind::second_step));
  return answer;
}

http_response second_step_api::resend(const http_request& request) {
  const auto outcome = second_steps_.resend(pending_cookie(request), client_of(request));
  return std::visit(overloaded{
                        [&](const second_step_view& view) { return json_answer(200, second_step_json(view)); },
                        [&](const second_step_gone&) { return gone(request); },
                        [&](const not_email_method&) {
                          return error_answer(409, "not_email_method", language_of(request));
                        },
                        [&](const resend_too_soon& early) {
                          return wait_answer("resend_too_soon", language_of(request), early.wait);
                        },
                    },
                    outcome);
}

}  // namespace twofold::server
