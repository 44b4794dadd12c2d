#include "app/sign_in_api.hpp"

#include "app/api_answers.hpp"
#include "app/app_services.hpp"
#include "app/request_bodies.hpp"
#include "app/session_cookie.hpp"
#include "app/setup_gate.hpp"
#include "app/trusted_browser_cookie.hpp"
#include "runtime/logger.hpp"
#include "runtime/overloaded.hpp"
#include "runtime/server_metrics.hpp"
#include "twofold/api/messages.hpp"

namespace twofold::server {

namespace {

nlohmann::json flow_json(sign_in_state state) { return {{"state", state_name(state)}}; }

nlohmann::json flow_json(const sign_in_flow& flow, const second_step_view& view) {
  return {{"state", state_name(flow.state)}, {"expires_in", view.expires_in.count()}, {"methods", methods_of(flow)}};
}

nlohmann::json flow_json(const flow_status& status) {
  return {{"state", state_name(status.state)}, {"expires_in", status.view.expires_in.count()}, {"methods", status.methods}};
}

// `answer`'s JSON body with "flow" added. The body is one of ours, a JSON
// object as dumped (no space after its closing brace), so the member goes in
// before that brace: parsing the answer again cost a tenth of a code check.
http_response with_flow(http_response answer, const nlohmann::json& flow) {
  auto& body = answer.body;
  body.pop_back();
  if (body != "{") body += ',';
  body.append(R"("flow":)").append(flow.dump()) += '}';
  return answer;
}

void clear_sign_in_cookie(http_response& answer, const http_request& request) {
  if (session_cookie_value(request, cookie_kind::sign_in)) {
    answer.headers.emplace_back("Set-Cookie", cleared_session_cookie(request.tls, cookie_kind::sign_in));
  }
}

api::user_view view_of(const user& account) {
  return api::user_view{
      .id = account.id,
      .company = account.company_name,
      .username = account.username,
      .email = account.email,
      .display_name = account.display_name,
      .role = std::string(role_name(account.role)),
      .language = std::string(i18n::language_tag(account.language)),
      .time_zone = account.time_zone,
  };
}

// The body's "language", when it is one we speak; otherwise the account's.
std::optional<i18n::language> chosen_language(const nlohmann::json& body) {
  const auto tag = body.find("language");
  return tag != body.end() && tag->is_string() ? i18n::parse_language(tag->get<std::string>()) : std::nullopt;
}

// {"user", "home"}, marked when the session may only set 2FA up.
http_response user_answer(const user& account, bool setup_required) {
  auto answer = json_answer(200, api::to_json(view_of(account)));
  if (setup_required) mark_setup_required(answer);
  return answer;
}

std::string second_step_json(const second_step_view& view) {
  nlohmann::json step = {{"method", method_name(view.method)},
                         {"expires_in", view.expires_in.count()},
                         {"attempts_left", view.attempts_left}};
  if (sends_codes(view.method)) {
    step[view.method == two_factor_method::sms ? "phone_hint" : "email_hint"] = view.sent_to;
    step["resend_in"] = view.resend_in.count();
  }
  if (view.remember_days) step["remember_days"] = *view.remember_days;
  return nlohmann::json{{"second_step", step}}.dump();
}

std::string new_password_json(const second_step_view& view) {
  return nlohmann::json{{"password_change", {{"expires_in", view.expires_in.count()}}}}.dump();
}

// The waiting flow's page: the code page's view, or the new password's time.
std::string waiting_json(const sign_in_flow& flow, const second_step_view& view) {
  return flow.state == sign_in_state::second_factor ? second_step_json(view) : new_password_json(view);
}

http_response signed_in_answer(const signed_in& done, const request_context& context) {
  auto answer = user_answer(done.account, done.setup_required);
  answer.headers.emplace_back("Set-Cookie", session_cookie(done.session.cookie_value, context.request.tls));
  clear_sign_in_cookie(answer, context.request);
  if (done.trusted_browser) {
    answer.headers.emplace_back("Set-Cookie", trusted_browser_cookie(done.trusted_browser->token.cookie_value,
                                                                     context.request.tls, done.trusted_browser->lifetime));
  }
  return answer;
}

// A new flow (or the next state of one) is Accepted with its cookie; the
// same flow again (its page, a resend) is OK.
http_response waiting_answer(const flow_waiting& next, const request_context& context) {
  if (!next.cookie) return json_answer(200, waiting_json(next.flow, next.view));
  auto answer = json_answer(202, waiting_json(next.flow, next.view));
  answer.headers.emplace_back("Set-Cookie", session_cookie(next.cookie->cookie_value, context.request.tls, cookie_kind::sign_in));
  return answer;
}

// The message carries the lock warning when the lockout's verdict says so.
http_response code_rejected_answer(const code_rejected& rejected, i18n::language language) {
  auto body = counted_error_of("code_rejected", language, "attempts_left", rejected.attempts_left);
  if (rejected.warn) {
    body.message = i18n::format(
        language, "error.code_rejected_with_warning",
        {{"message", body.message},
         {"warning", i18n::format(language, "error.lock_warning", {{"count", rejected.attempts_left}})}});
  }
  return error_answer(401, body);
}

http_response outcome_answer(const sign_in_outcome& outcome, const request_context& context, sign_in_state expected) {
  const auto language = context.language;
  return std::visit(
      overloaded{
          [&](const signed_in& done) { return signed_in_answer(done, context); },
          [&](const flow_waiting& next) { return waiting_answer(next, context); },
          [&](const sign_in_denied&) { return error_answer(401, "sign_in_failed", language); },
          [&](const sign_in_throttled& throttled) { return wait_answer(throttle_kind::sign_in, "too_many_attempts", language, throttled.retry_after); },
          [&](const account_locked& locked) {
            auto answer = locked_answer(locked.remaining, language);
            clear_sign_in_cookie(answer, context.request);
            return answer;
          },
          [&](const code_rejected& rejected) { return code_rejected_answer(rejected, language); },
          [&](const flow_gone&) { return flow_gone_answer(expected, context); },
          [&](const remember_not_allowed&) {
            return error_answer(400, "validation_failed", language,
                                {field_error{.field = "remember",
                                             .code = "remember_not_allowed",
                                             .message_key = "validation.remember_not_allowed"}});
          },
          [&](const nothing_to_resend&) { return error_answer(409, "nothing_to_resend", language); },
          [&](const resend_too_soon& early) { return wait_answer(throttle_kind::resend, "resend_too_soon", language, early.wait); },
          [&](const field_errors& errors) { return error_answer(400, "validation_failed", language, errors); },
      },
      outcome);
}

// One log line per step: what happened, to whom, from where (never a secret).
void log_outcome(logger& log, const sign_in_outcome& outcome, const request_context& context) {
  const auto& ip = context.client.ip;
  std::visit(overloaded{
                 [&](const signed_in& done) {
                   log.info("auth.sign_in_succeeded", {{"user_id", done.account.id},
                                                       {"company_id", done.account.company_id},
                                                       {"state", state_name(state_after(outcome))},
                                                       {"password_rehashed", done.password_rehashed},
                                                       {"second_step_skipped", done.second_step_skipped},
                                                       {"trusted_browser", done.trusted_browser.has_value()},
                                                       {"ip", ip}});
                 },
                 [&](const flow_waiting& next) {
                   log.info("auth.sign_in_waiting", {{"user_id", next.account.id},
                                                     {"company_id", next.account.company_id},
                                                     {"state", state_name(next.flow.state)},
                                                     {"ip", ip}});
                 },
                 [&](const sign_in_denied& denied) {
                   log.warn("auth.sign_in_failed", {{"reason", reason_code(denied.reason)}, {"ip", ip}});
                 },
                 [&](const sign_in_throttled& throttled) {
                   log.warn("auth.sign_in_throttled", {{"retry_after", throttled.retry_after.count()}, {"ip", ip}});
                 },
                 [&](const account_locked&) { log.warn("auth.account_locked", {{"ip", ip}}); },
                 [&](const code_rejected& rejected) {
                   log.warn("auth.second_step_failed", {{"attempts_left", rejected.attempts_left}, {"ip", ip}});
                 },
                 [](const auto&) {},
             },
             outcome);
}

}  // namespace

http_response sign_in_step_answer(app_services& services, const sign_in_outcome& outcome, request_context& context,
                                  sign_in_state expected) {
  log_outcome(services.log, outcome, context);
  return with_flow(outcome_answer(outcome, context, expected),
                   std::holds_alternative<flow_waiting>(outcome)
                       ? flow_json(std::get<flow_waiting>(outcome).flow, std::get<flow_waiting>(outcome).view)
                       : flow_json(state_after(outcome, expected)));
}

http_response with_flow_state(http_response answer, sign_in_state state) {
  return with_flow(std::move(answer), flow_json(state));
}

http_response flow_gone_answer(sign_in_state state, const request_context& context) {
  const std::string_view code = state == sign_in_state::new_password ? "new_password_expired"
                                : state == sign_in_state::bind       ? "bind_expired"
                                                                     : "second_step_expired";
  auto answer = error_answer(401, code, context.language);
  answer.headers.emplace_back("Set-Cookie", cleared_session_cookie(context.request.tls, cookie_kind::sign_in));
  return with_flow(std::move(answer), flow_json(sign_in_state::password));
}

http_response locked_answer(std::chrono::seconds remaining, i18n::language language) {
  if (remaining.count() <= 0) return error_answer(403, "account_locked", language);
  const auto minutes = std::chrono::ceil<std::chrono::minutes>(remaining).count();
  auto answer = error_answer(403, "account_locked_timed", language, {}, {{"minutes", minutes}});
  auto body = nlohmann::json::parse(answer.body);
  body["error"]["seconds"] = remaining.count();
  answer.body = body.dump();
  answer.headers.emplace_back("Retry-After", std::to_string(remaining.count()));
  return answer;
}

namespace sign_in_api {

http_response sign_in(app_services& services, request_context& context) {
  const auto form = api::parse_sign_in_request(context.request.body);
  if (!form) return with_flow_state(error_answer(400, "malformed_json", context.language), sign_in_state::password);
  auto validation = validate_sign_in(*form);
  if (!validation.ok()) {
    return with_flow_state(error_answer(400, "validation_failed", context.language, validation.errors),
                           sign_in_state::password);
  }
  const auto session = session_cookie_value(context.request);
  const auto outcome = services.sign_in.sign_in({
      .form = std::move(validation),
      .client = context.client,
      .previous_session = session ? hash_of_cookie_value(*session) : std::nullopt,
      .trusted_browser = session_cookie_value(context.request, cookie_kind::trusted_browser),
      .language = chosen_language(context.body),
  });
  return sign_in_step_answer(services, outcome, context, sign_in_state::password);
}

http_response sign_out(app_services& services, request_context& context) {
  if (const auto cookie = session_cookie_value(context.request)) {
    if (const auto account = services.sessions.end(*cookie, context.client)) {
      services.log.info("auth.signed_out",
                        {{"user_id", account->id}, {"company_id", account->company_id}, {"ip", context.client.ip}});
    }
  }
  auto answer = empty_answer();
  answer.headers.emplace_back("Set-Cookie", cleared_session_cookie(context.request.tls));
  return answer;
}

http_response me(app_services& services, request_context& context) {
  auto speaking = context.account();
  speaking.language = context.session->language;
  return user_answer(speaking, services.gate.setup_required(speaking));
}

http_response change_language(app_services& services, request_context& context) {
  const auto language = chosen_language(context.body);
  if (!language) {
    return error_answer(400, "validation_failed", context.language,
                        {field_error{.field = "language", .code = "invalid_choice", .message_key = "validation.invalid_choice"}});
  }
  const auto save = context.body.find("save");
  if (save != context.body.end() && !save->is_boolean()) return error_answer(400, "malformed_json", context.language);
  services.sessions.change_language(*context.session, *language, save != context.body.end() && save->get<bool>());
  context.session->language = *language;
  return me(services, context);
}

http_response second_step(app_services& services, request_context& context) {
  const auto status = services.sign_in.status(context.flow_cookie, sign_in_state::second_factor);
  if (!status) return flow_gone_answer(sign_in_state::second_factor, context);
  return with_flow(json_answer(200, second_step_json(status->view)), flow_json(*status));
}

http_response submit_code(app_services& services, request_context& context) {
  const auto answer = second_factor_answer_of(context.body);
  const auto refused = [&](http_response refusal) { return with_flow_state(std::move(refusal), sign_in_state::second_factor); };
  if (std::holds_alternative<malformed_body>(answer)) return refused(error_answer(400, "malformed_json", context.language));
  if (const auto* errors = std::get_if<field_errors>(&answer)) {
    return refused(error_answer(400, "validation_failed", context.language, *errors));
  }
  const auto remember = remember_of(context.body);
  if (!remember) return refused(error_answer(400, "malformed_json", context.language));
  const auto outcome =
      services.sign_in.submit_code(context.flow_cookie, std::get<second_factor_answer>(answer), context.client, *remember);
  return sign_in_step_answer(services, outcome, context, sign_in_state::second_factor);
}

// Answered like every step, with the flow's state: back to password.
http_response cancel(app_services& services, request_context& context) {
  const auto cookie = session_cookie_value(context.request, cookie_kind::sign_in);
  const sign_in_outcome outcome = cookie ? services.sign_in.cancel(*cookie, context.client) : flow_gone{};
  auto answer = with_flow_state(json_answer(200, "{}"), state_after(outcome));
  answer.headers.emplace_back("Set-Cookie", cleared_session_cookie(context.request.tls, cookie_kind::sign_in));
  return answer;
}

http_response resend(app_services& services, request_context& context) {
  const auto outcome = services.sign_in.resend(context.flow_cookie, context.client);
  return sign_in_step_answer(services, outcome, context, sign_in_state::second_factor);
}

http_response new_password(app_services& services, request_context& context) {
  const auto status = services.sign_in.status(context.flow_cookie, sign_in_state::new_password);
  if (!status) return flow_gone_answer(sign_in_state::new_password, context);
  return with_flow(json_answer(200, new_password_json(status->view)), flow_json(*status));
}

http_response submit_new_password(app_services& services, request_context& context) {
  const auto password = string_member_or_empty(context.body, "password");
  const auto outcome = services.sign_in.submit_new_password(context.flow_cookie, password, context.client);
  return sign_in_step_answer(services, outcome, context, sign_in_state::new_password);
}

}  // namespace sign_in_api

}  // namespace twofold::server
