#include "app/password_api.hpp"

#include <nlohmann/json.hpp>

#include "app/api_answers.hpp"
#include "app/request_language.hpp"
#include "app/session_api.hpp"
#include "app/session_cookie.hpp"
#include "app/setup_gate.hpp"
#include "flows/password_reset.hpp"
#include "config/config.hpp"
#include "runtime/logger.hpp"
#include "runtime/overloaded.hpp"
#include "twofold/validation/sign_in_form.hpp"

namespace twofold::server {

namespace {

// The one answer to every accepted request, found or not.
constexpr std::string_view forgot_answer_body = R"({"status":"accepted"})";

i18n::language language_of(const http_request& request) {
  return answer_language(std::nullopt, request.header("accept-language"));
}

std::string string_field(const nlohmann::json& body, std::string_view name) {
  const auto found = body.find(name);
  return found != body.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// The body as a JSON object; empty when it is not one.
std::optional<nlohmann::json> object_of(std::string_view text) {
  auto body = nlohmann::json::parse(text, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return std::nullopt;
  return body;
}

http_response step_gone(const http_request& request) {
  auto answer = error_answer(401, "new_password_expired", language_of(request));
  answer.headers.emplace_back("Set-Cookie", cleared_session_cookie(request.tls, cookie_kind::new_password));
  return answer;
}

std::string password_change_json(std::chrono::seconds expires_in) {
  return nlohmann::json{{"password_change", {{"expires_in", expires_in.count()}}}}.dump();
}

}  // namespace

http_response password_change_answer(const password_change_required& pending, const http_request& request) {
  auto answer = json_answer(202, password_change_json(pending.pending.expires_in));
  answer.headers.emplace_back("Set-Cookie",
                              session_cookie(pending.pending.token.cookie_value, request.tls, cookie_kind::new_password));
  if (session_cookie_value(request, cookie_kind::second_step)) {
    answer.headers.emplace_back("Set-Cookie", cleared_session_cookie(request.tls, cookie_kind::second_step));
  }
  return answer;
}

password_api::password_api(const config& cfg, password_reset_service& resets, new_password_step_service& steps,
                           const setup_gate& gate, logger& log)
    : cfg_(cfg), resets_(resets), steps_(steps), gate_(gate), log_(log) {}

http_response password_api::forgot(const http_request& request) {
  const auto language = language_of(request);
  if (request.body.size() > cfg_.max_body_bytes) return error_answer(413, "body_too_large", language);
  const auto body = object_of(request.body);
  if (!body) return error_answer(400, "malformed_json", language);
  // The sign-in's rules for company and account; no password is asked here.
  auto checked = validate_sign_in({.company = string_field(*body, "company"),
                                   .account = string_field(*body, "account"),
                                   .password = "-"});
  if (!checked.ok()) return error_answer(400, "validation_failed", language, checked.errors);
  const auto client = client_of(request);
  const auto outcome = resets_.request(
      {.company = checked.normalized.company, .account = checked.normalized.account, .kind = checked.kind}, client);
  if (const auto* throttled = std::get_if<reset_throttled>(&outcome)) {
    log_.warn("auth.password_reset_throttled", {{"retry_after", throttled->retry_after.count()}, {"ip", client.ip}});
    return wait_answer("too_many_attempts", language, throttled->retry_after);
  }
  // The log line is the same too: whether a mail went out is in the audit trail only.
  log_.info("auth.password_reset_requested", {{"ip", client.ip}});
  return json_answer(202, std::string(forgot_answer_body));
}

http_response password_api::reset(const http_request& request) {
  const auto language = language_of(request);
  if (request.body.size() > cfg_.max_body_bytes) return error_answer(413, "body_too_large", language);
  const auto body = object_of(request.body);
  if (!body) return error_answer(400, "malformed_json", language);
  const auto client = client_of(request);
  const auto outcome = resets_.reset(string_field(*body, "token"), string_field(*body, "password"), client);
  return std::visit(overloaded{
                        [&](const password_reset_done& done) {
                          log_.info("auth.password_reset", {{"user_id", done.user_id}, {"ip", client.ip}});
                          return empty_answer();
                        },
                        [&](const reset_link_invalid&) {
                          log_.warn("auth.reset_link_invalid", {{"ip", client.ip}});
                          return error_answer(400, "reset_link_invalid", language);
                        },
                        [&](const field_errors& errors) {
                          return error_answer(400, "validation_failed", language, errors);
                        },
                    },
                    outcome);
}

http_response password_api::new_password_status(const http_request& request) {
  const auto cookie = session_cookie_value(request, cookie_kind::new_password);
  const auto left = cookie ? steps_.view(*cookie) : std::nullopt;
  if (!left) return step_gone(request);
  return json_answer(200, password_change_json(*left));
}

http_response password_api::set_new_password(const http_request& request) {
  const auto language = language_of(request);
  if (request.body.size() > cfg_.max_body_bytes) return error_answer(413, "body_too_large", language);
  const auto body = object_of(request.body);
  if (!body) return error_answer(400, "malformed_json", language);
  const auto cookie = session_cookie_value(request, cookie_kind::new_password).value_or("");
  const auto client = client_of(request);
  const auto outcome = steps_.finish(cookie, string_field(*body, "password"), client);
  return std::visit(overloaded{
                        [&](const new_password_signed_in& done) {
                          log_.info("auth.sign_in_succeeded", {{"user_id", done.account.id},
                                                               {"company_id", done.account.company_id},
                                                               {"after", "new_password"},
                                                               {"ip", client.ip}});
                          auto answer = signed_in_answer(done.account, done.token.cookie_value, request);
                          if (gate_.setup_required(done.account)) mark_setup_required(answer);
                          answer.headers.emplace_back("Set-Cookie",
                                                      cleared_session_cookie(request.tls, cookie_kind::new_password));
                          return answer;
                        },
                        [&](const new_password_step_gone&) { return step_gone(request); },
                        [&](const field_errors& errors) {
                          return error_answer(400, "validation_failed", language, errors);
                        },
                    },
                    outcome);
}

}  // namespace twofold::server
