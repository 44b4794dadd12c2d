#include "app/two_factor_api.hpp"

#include <nlohmann/json.hpp>

#include "app/api_answers.hpp"
#include "app/request_bodies.hpp"
#include "app/request_language.hpp"
#include "app/session_api.hpp"
#include "app/session_cookie.hpp"
#include "config/config.hpp"
#include "runtime/logger.hpp"
#include "runtime/overloaded.hpp"
#include "flows/two_factor_settings.hpp"

namespace twofold::server {

namespace {

nlohmann::json method_or_null(const std::optional<two_factor_method>& method) {
  return method ? nlohmann::json(method_name(*method)) : nlohmann::json();
}

nlohmann::json time_or_null(const std::optional<timestamp>& at) {
  return at ? nlohmann::json(iso8601(*at)) : nlohmann::json();
}

std::string status_json(const two_factor_status& status) {
  nlohmann::json body = {{"method", method_or_null(status.method)},
                         {"enabled_at", time_or_null(status.enabled_at)},
                         {"setup", method_or_null(status.setup)},
                         {"step_up_required", status.step_up_required},
                         {"backup_codes", nullptr}};
  if (status.backup_codes) {
    body["backup_codes"] = {{"total", status.backup_codes->total},
                            {"unused", status.backup_codes->unused},
                            {"downloaded", status.backup_codes->downloaded}};
  }
  return body.dump();
}

nlohmann::json fresh_codes_json(const fresh_backup_codes& codes) {
  return {{"codes", codes.codes}, {"created_at", iso8601(codes.created_at)}};
}

std::string backup_codes_json(const backup_code_set& codes, const std::optional<timestamp>& downloaded_at) {
  auto list = nlohmann::json::array();
  for (const auto& code : codes.codes) list.push_back({{"number", code.number}, {"used_at", time_or_null(code.used_at)}});
  return nlohmann::json{{"created_at", iso8601(codes.created_at)},
                        {"downloaded_at", time_or_null(downloaded_at)},
                        {"codes", list}}
      .dump();
}

i18n::language language_of(const active_session& session) { return session.account.language; }

http_response not_signed_in(const http_request& request) {
  return error_answer(401, "not_signed_in", answer_language(std::nullopt, request.header("accept-language")));
}

http_response step_up_answer(const step_up_result& result, i18n::language language) {
  switch (result.outcome) {
    case step_up_outcome::password_required: return error_answer(403, "step_up_required", language);
    case step_up_outcome::password_rejected: return error_answer(401, "password_rejected", language);
    case step_up_outcome::throttled: return wait_answer("too_many_attempts", language, result.retry_after);
    case step_up_outcome::allowed: break;
  }
  return error_answer(500, "internal", language);
}

}  // namespace

two_factor_api::two_factor_api(const config& cfg, two_factor_settings& settings, session_service& sessions,
                               logger& log)
    : cfg_(cfg), settings_(settings), sessions_(sessions), log_(log) {}

std::optional<active_session> two_factor_api::session_of(const http_request& request) {
  const auto cookie = session_cookie_value(request);
  return cookie ? sessions_.resume(*cookie) : std::nullopt;
}

std::variant<two_factor_api::step_up_request, http_response> two_factor_api::step_up_request_of(
    const http_request& request) {
  auto session = session_of(request);
  if (!session) return not_signed_in(request);
  const auto language = language_of(*session);
  if (request.body.size() > cfg_.max_body_bytes) return error_answer(413, "body_too_large", language);
  auto body = parse_step_up_body(request.body);
  if (std::holds_alternative<malformed_body>(body)) return error_answer(400, "malformed_json", language);
  return step_up_request{.session = *std::move(session),
                         .password = std::get<std::optional<std::string>>(std::move(body))};
}

http_response two_factor_api::status(const http_request& request) {
  const auto session = session_of(request);
  if (!session) return not_signed_in(request);
  return json_answer(200, status_json(settings_.status(*session)));
}

http_response two_factor_api::turn_off(const http_request& request) {
  auto asked = step_up_request_of(request);
  if (auto* refused = std::get_if<http_response>(&asked)) return std::move(*refused);
  const auto& [session, password] = std::get<step_up_request>(asked);
  const auto language = language_of(session);
  const auto outcome = settings_.turn_off(session, password, client_of(request));
  return std::visit(overloaded{
                        [&](const turned_off&) {
                          log_.info("two_factor.disabled", {{"user_id", session.account.id}});
                          return empty_answer();
                        },
                        [&](const step_up_denied& denied) { return step_up_answer(denied.result, language); },
                        [&](const two_factor_is_off&) { return error_answer(409, "two_factor_off", language); },
                    },
                    outcome);
}

http_response two_factor_api::start_email(const http_request& request) {
  const auto session = session_of(request);
  if (!session) return not_signed_in(request);
  const auto language = language_of(*session);
  const auto outcome = settings_.start_email(session->account, client_of(request));
  return std::visit(overloaded{
                        [&](const email_setup_started& started) {
                          return json_answer(200, nlohmann::json{{"email_hint", started.email_hint},
                                                                 {"resend_in", started.resend_in.count()},
                                                                 {"expires_in", started.expires_in.count()}}
                                                      .dump());
                        },
                        [&](const two_factor_already_on&) {
                          return error_answer(409, "two_factor_already_on", language);
                        },
                        [&](const resend_too_soon& early) {
                          return wait_answer("resend_too_soon", language, early.wait);
                        },
                    },
                    outcome);
}

http_response two_factor_api::start_app(const http_request& request) {
  const auto session = session_of(request);
  if (!session) return not_signed_in(request);
  const auto outcome = settings_.start_app(session->account, client_of(request));
  if (const auto* started = std::get_if<app_setup_started>(&outcome)) {
    return json_answer(200, nlohmann::json{{"secret", started->secret},
                                           {"secret_text", started->secret_text},
                                           {"otpauth_uri", started->otpauth_uri},
                                           {"issuer", started->issuer},
                                           {"account", started->account}}
                                .dump());
  }
  return error_answer(409, "two_factor_already_on", language_of(*session));
}

http_response two_factor_api::confirm(const http_request& request) {
  const auto session = session_of(request);
  if (!session) return not_signed_in(request);
  const auto language = language_of(*session);
  if (request.body.size() > cfg_.max_body_bytes) return error_answer(413, "body_too_large", language);
  const auto body = parse_code_body(request.body);
  if (std::holds_alternative<malformed_body>(body)) return error_answer(400, "malformed_json", language);
  if (const auto* errors = std::get_if<field_errors>(&body)) {
    return error_answer(400, "validation_failed", language, *errors);
  }
  const auto outcome = settings_.confirm(session->account, std::get<typed_code>(body).digits, client_of(request));
  return std::visit(
      overloaded{
          [&](const two_factor_turned_on& on) {
            log_.info("two_factor.enabled", {{"user_id", session->account.id}, {"method", method_name(on.method)}});
            return json_answer(200, nlohmann::json{{"method", method_name(on.method)},
                                                   {"backup_codes", fresh_codes_json(on.backup_codes)}}
                                        .dump());
          },
          [&](const code_rejected& rejected) {
            return counted_error_answer(401, "code_rejected", language, "attempts_left", rejected.attempts_left);
          },
          [&](const no_setup_in_progress&) { return error_answer(409, "no_setup_in_progress", language); },
          [&](const two_factor_already_on&) { return error_answer(409, "two_factor_already_on", language); },
      },
      outcome);
}

http_response two_factor_api::backup_codes(const http_request& request) {
  const auto session = session_of(request);
  if (!session) return not_signed_in(request);
  const auto state = settings_.backup_codes(session->account);
  if (!state) return error_answer(409, "two_factor_off", language_of(*session));
  return json_answer(200, backup_codes_json(state->codes, state->downloaded_at));
}

http_response two_factor_api::regenerate_backup_codes(const http_request& request) {
  auto asked = step_up_request_of(request);
  if (auto* refused = std::get_if<http_response>(&asked)) return std::move(*refused);
  const auto& [session, password] = std::get<step_up_request>(asked);
  const auto language = language_of(session);
  const auto outcome = settings_.regenerate_backup_codes(session, password, client_of(request));
  return std::visit(overloaded{
                        [&](const fresh_backup_codes& codes) { return json_answer(200, fresh_codes_json(codes).dump()); },
                        [&](const step_up_denied& denied) { return step_up_answer(denied.result, language); },
                        [&](const two_factor_is_off&) { return error_answer(409, "two_factor_off", language); },
                    },
                    outcome);
}

http_response two_factor_api::record_download(const http_request& request) {
  const auto session = session_of(request);
  if (!session) return not_signed_in(request);
  const auto outcome = settings_.record_download(session->account, client_of(request));
  if (std::holds_alternative<two_factor_is_off>(outcome)) return error_answer(409, "two_factor_off", language_of(*session));
  return empty_answer();
}

}  // namespace twofold::server
