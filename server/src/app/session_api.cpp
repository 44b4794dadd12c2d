#include "app/session_api.hpp"

#include <string>
#include <variant>

#include "app/api_answers.hpp"
#include "app/password_api.hpp"
#include "app/request_language.hpp"
#include "app/session_cookie.hpp"
#include "app/setup_gate.hpp"
#include "flows/sign_in.hpp"
#include "config/config.hpp"
#include "runtime/logger.hpp"
#include "runtime/overloaded.hpp"
#include "twofold/api/messages.hpp"
#include "twofold/text/stored_text.hpp"

namespace twofold::server {

namespace {

constexpr std::size_t max_user_agent_bytes = 256;

api::user_view view_of(const user& account) {
  return api::user_view{
      .id = account.id,
      .company = account.company_name,
      .username = account.username,
      .email = account.email,
      .display_name = account.display_name,
      .role = std::string(role_name(account.role)),
      .language = std::string(i18n::language_tag(account.language)),
  };
}

nlohmann::json id_or_null(const std::optional<row_id>& id) { return id ? nlohmann::json(*id) : nlohmann::json(); }

}  // namespace

http_response signed_in_answer(const user& account, std::string_view cookie_value, const http_request& request) {
  auto answer = json_answer(200, api::to_json(view_of(account)));
  answer.headers.emplace_back("Set-Cookie", session_cookie(cookie_value, request.tls));
  if (session_cookie_value(request, cookie_kind::second_step)) {
    answer.headers.emplace_back("Set-Cookie", cleared_session_cookie(request.tls, cookie_kind::second_step));
  }
  return answer;
}

http_response locked_answer(const account_locked& lock, i18n::language language) {
  if (lock.remaining.count() <= 0) return error_answer(403, "account_locked", language);
  const auto minutes = std::chrono::ceil<std::chrono::minutes>(lock.remaining).count();
  auto answer = error_answer(403, "account_locked_timed", language, {}, {{"minutes", std::to_string(minutes)}});
  auto body = nlohmann::json::parse(answer.body);
  body["error"]["seconds"] = lock.remaining.count();
  answer.body = body.dump();
  answer.headers.emplace_back("Retry-After", std::to_string(lock.remaining.count()));
  return answer;
}

std::string second_step_json(const second_step_view& view) {
  nlohmann::json step = {{"method", method_name(view.method)},
                         {"expires_in", view.expires_in.count()},
                         {"attempts_left", view.attempts_left}};
  if (view.method == two_factor_method::email) {
    step["email_hint"] = view.email_hint;
    step["resend_in"] = view.resend_in.count();
  }
  if (view.remember_days) step["remember_days"] = *view.remember_days;
  return nlohmann::json{{"second_step", step}}.dump();
}

client_info client_of(const http_request& request) {
  return client_info{.ip = request.remote_ip,
                     .user_agent = text::stored_text(request.header("user-agent"), max_user_agent_bytes)};
}

session_api::session_api(const config& cfg, sign_in_service& sign_in, session_service& sessions,
                         const setup_gate& gate, logger& log)
    : cfg_(cfg), sign_in_(sign_in), sessions_(sessions), gate_(gate), log_(log) {}

i18n::language session_api::language_of(const http_request& request) {
  const auto cookie = session_cookie_value(request);
  const auto account = cookie ? sessions_.peek(*cookie) : std::nullopt;
  return answer_language(account ? std::optional(account->language) : std::nullopt, request.header("accept-language"));
}

http_response session_api::sign_in(const http_request& request) {
  if (request.body.size() > cfg_.max_body_bytes) return error_answer(413, "body_too_large", language_of(request));
  const auto form = api::parse_sign_in_request(request.body);
  if (!form) return error_answer(400, "malformed_json", language_of(request));
  auto validation = validate_sign_in(*form);
  if (!validation.ok()) return error_answer(400, "validation_failed", language_of(request), validation.errors);

  const auto cookie = session_cookie_value(request);
  const sign_in_attempt attempt{
      .form = std::move(validation),
      .client = client_of(request),
      .previous_session = cookie ? hash_of_cookie_value(*cookie) : std::nullopt,
      .trusted_browser = session_cookie_value(request, cookie_kind::trusted_browser),
  };
  const auto outcome = sign_in_.sign_in(attempt);
  return std::visit(
      overloaded{
          [&](const signed_in& done) {
            log_.info("auth.sign_in_succeeded", {{"user_id", done.account.id},
                                                 {"company_id", done.account.company_id},
                                                 {"ip", attempt.client.ip},
                                                 {"password_rehashed", done.password_rehashed},
                                                 {"second_step_skipped", done.second_step_skipped}});
            return signed_in_answer(done.account, done.token.cookie_value, request);
          },
          [&](const two_factor_setup_required& restricted) {
            log_.info("auth.sign_in_succeeded", {{"user_id", restricted.account.id},
                                                 {"company_id", restricted.account.company_id},
                                                 {"ip", attempt.client.ip},
                                                 {"two_factor_setup_required", true}});
            auto answer = signed_in_answer(restricted.account, restricted.token.cookie_value, request);
            mark_setup_required(answer);
            return answer;
          },
          [&](const second_step_required& pending) {
            log_.info("auth.second_step_required", {{"user_id", pending.account.id},
                                                    {"company_id", pending.account.company_id},
                                                    {"method", method_name(pending.pending.view.method)},
                                                    {"ip", attempt.client.ip}});
            auto answer = json_answer(202, second_step_json(pending.pending.view));
            answer.headers.emplace_back(
                "Set-Cookie", session_cookie(pending.pending.token.cookie_value, request.tls, cookie_kind::second_step));
            return answer;
          },
          [&](const sign_in_locked& locked) {
            log_.warn("auth.sign_in_locked", {{"user_id", locked.account.id},
                                              {"company_id", locked.account.company_id},
                                              {"ip", attempt.client.ip}});
            return locked_answer(locked.lock, locked.account.language);
          },
          [&](const sign_in_denied& denied) {
            log_.warn("auth.sign_in_failed", {{"reason", reason_code(denied.reason)},
                                              {"company_id", id_or_null(denied.company_id)},
                                              {"user_id", id_or_null(denied.user_id)},
                                              {"ip", attempt.client.ip}});
            return error_answer(401, "sign_in_failed", language_of(request));
          },
          [&](const password_change_required& pending) {
            log_.info("auth.password_change_required", {{"user_id", pending.account.id},
                                                        {"company_id", pending.account.company_id},
                                                        {"ip", attempt.client.ip}});
            return password_change_answer(pending, request);
          },
          [&](const sign_in_throttled& throttled) {
            log_.warn("auth.sign_in_throttled",
                      {{"retry_after", throttled.retry_after.count()}, {"ip", attempt.client.ip}});
            return wait_answer("too_many_attempts", language_of(request), throttled.retry_after);
          },
      },
      outcome);
}

http_response session_api::sign_out(const http_request& request) {
  if (const auto cookie = session_cookie_value(request)) {
    if (const auto account = sessions_.end(*cookie, client_of(request))) {
      log_.info("auth.signed_out",
                {{"user_id", account->id}, {"company_id", account->company_id}, {"ip", request.remote_ip}});
    }
  }
  auto answer = empty_answer();
  answer.headers.emplace_back("Set-Cookie", cleared_session_cookie(request.tls));
  return answer;
}

http_response session_api::me(const http_request& request) {
  const auto cookie = session_cookie_value(request);
  const auto session = cookie ? sessions_.resume(*cookie) : std::nullopt;
  if (session) {
    auto answer = json_answer(200, api::to_json(view_of(session->account)));
    if (gate_.setup_required(session->account)) mark_setup_required(answer);
    return answer;
  }
  auto answer = error_answer(401, "not_signed_in", language_of(request));
  // A stale cookie is of no use to the browser any more.
  if (cookie) answer.headers.emplace_back("Set-Cookie", cleared_session_cookie(request.tls));
  return answer;
}

}  // namespace twofold::server
