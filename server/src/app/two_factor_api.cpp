#include "app/two_factor_api.hpp"

#include "app/api_answers.hpp"
#include "app/app_services.hpp"
#include "app/request_bodies.hpp"
#include "runtime/logger.hpp"
#include "runtime/overloaded.hpp"
#include "runtime/server_metrics.hpp"

namespace twofold::server::two_factor_api {

namespace {

nlohmann::json method_or_null(const std::optional<two_factor_method>& method) {
  return method ? nlohmann::json(method_name(*method)) : nlohmann::json();
}

nlohmann::json time_or_null(const std::optional<timestamp>& at) {
  return at ? nlohmann::json(iso8601(*at)) : nlohmann::json();
}

std::string status_json(const two_factor_status& status) {
  nlohmann::json body = {{"method", method_or_null(status.method)},
                         {"phone_hint", status.phone_hint ? nlohmann::json(*status.phone_hint) : nlohmann::json()},
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


// {"password": "..."} or an empty body: a step-up's password, if given.
std::variant<std::optional<std::string>, malformed_body> password_of(const request_context& context) {
  return optional_string_member(context.body, "password");
}

http_response setup_answer(app_services& services, const setup_outcome& outcome, const request_context& context) {
  const auto language = context.language;
  return std::visit(
      overloaded{
          [&](const setup_code_sent& sent) {
            const auto hint = sent.method == two_factor_method::sms ? "phone_hint" : "email_hint";
            return json_answer(200, nlohmann::json{{hint, sent.sent_to},
                                                   {"resend_in", sent.resend_in.count()},
                                                   {"expires_in", sent.expires_in.count()}}
                                        .dump());
          },
          [&](const app_setup_started& started) {
            return json_answer(200, nlohmann::json{{"secret", started.secret},
                                                   {"secret_text", started.secret_text},
                                                   {"otpauth_uri", started.otpauth_uri},
                                                   {"issuer", started.issuer},
                                                   {"account", started.account}}
                                        .dump());
          },
          [&](const two_factor_turned_on& on) {
            services.log.info("two_factor.enabled", {{"user_id", context.account().id}, {"method", method_name(on.method)}});
            return json_answer(200, nlohmann::json{{"method", method_name(on.method)},
                                                   {"backup_codes", fresh_codes_json(on.backup_codes)}}
                                        .dump());
          },
          [&](const phone_number_changed& changed) {
            services.log.info("two_factor.phone_changed", {{"user_id", context.account().id}});
            return json_answer(200, nlohmann::json{{"method", method_name(two_factor_method::sms)},
                                                   {"phone_hint", changed.phone_hint}}
                                        .dump());
          },
          [&](const step_up_denied& denied) { return step_up_refusal(denied.result, language); },
          [&](const two_factor_already_on&) { return error_answer(409, "two_factor_already_on", language); },
          [&](const no_setup_in_progress&) { return error_answer(409, "no_setup_in_progress", language); },
          [&](const setup_code_rejected& rejected) {
            return counted_error_answer(401, "code_rejected", language, "attempts_left", rejected.attempts_left);
          },
          [&](const setup_resend_too_soon& early) { return wait_answer(throttle_kind::resend, "resend_too_soon", language, early.wait); },
      },
      outcome);
}

}  // namespace

http_response status(app_services& services, request_context& context) {
  return json_answer(200, status_json(services.settings.status(*context.session)));
}

http_response turn_off(app_services& services, request_context& context) {
  const auto password = password_of(context);
  if (std::holds_alternative<malformed_body>(password)) return error_answer(400, "malformed_json", context.language);
  const auto outcome =
      services.settings.turn_off(*context.session, std::get<std::optional<std::string>>(password), context.client);
  return std::visit(overloaded{
                        [&](const turned_off&) {
                          services.log.info("two_factor.disabled", {{"user_id", context.account().id}});
                          return empty_answer();
                        },
                        [&](const step_up_denied& denied) { return step_up_refusal(denied.result, context.language); },
                        [&](const two_factor_is_off&) { return error_answer(409, "two_factor_off", context.language); },
                    },
                    outcome);
}

http_response start_email(app_services& services, request_context& context) {
  return setup_answer(services, services.setup.start_email(context.account(), context.client), context);
}

http_response start_app(app_services& services, request_context& context) {
  return setup_answer(services, services.setup.start_app(context.account(), context.client), context);
}

http_response start_sms(app_services& services, request_context& context) {
  const auto number = phone_number_of(context.body);
  const auto password = password_of(context);
  if (std::holds_alternative<malformed_body>(number) || std::holds_alternative<malformed_body>(password)) {
    return error_answer(400, "malformed_json", context.language);
  }
  if (const auto* errors = std::get_if<field_errors>(&number)) {
    return error_answer(400, "validation_failed", context.language, *errors);
  }
  return setup_answer(services,
                      services.setup.start_sms(*context.session, std::get<phone_number_typed>(number).e164,
                                               std::get<std::optional<std::string>>(password), context.client),
                      context);
}

http_response resend_sms(app_services& services, request_context& context) {
  return setup_answer(services, services.setup.resend_sms(context.account(), context.client), context);
}

http_response confirm(app_services& services, request_context& context) {
  const auto code = code_of(context.body);
  if (std::holds_alternative<malformed_body>(code)) return error_answer(400, "malformed_json", context.language);
  if (const auto* errors = std::get_if<field_errors>(&code)) {
    return error_answer(400, "validation_failed", context.language, *errors);
  }
  return setup_answer(services, services.setup.confirm(context.account(), std::get<typed_code>(code).digits, context.client),
                      context);
}

http_response backup_codes(app_services& services, request_context& context) {
  const auto state = services.settings.backup_codes(context.account());
  if (!state) return error_answer(409, "two_factor_off", context.language);
  return json_answer(200, backup_codes_json(state->codes, state->downloaded_at));
}

http_response regenerate_backup_codes(app_services& services, request_context& context) {
  const auto password = password_of(context);
  if (std::holds_alternative<malformed_body>(password)) return error_answer(400, "malformed_json", context.language);
  const auto outcome = services.settings.regenerate_backup_codes(
      *context.session, std::get<std::optional<std::string>>(password), context.client);
  return std::visit(
      overloaded{
          [&](const fresh_backup_codes& codes) { return json_answer(200, fresh_codes_json(codes).dump()); },
          [&](const step_up_denied& denied) { return step_up_refusal(denied.result, context.language); },
          [&](const two_factor_is_off&) { return error_answer(409, "two_factor_off", context.language); },
      },
      outcome);
}

http_response record_download(app_services& services, request_context& context) {
  const auto outcome = services.settings.record_download(context.account(), context.client);
  if (std::holds_alternative<two_factor_is_off>(outcome)) return error_answer(409, "two_factor_off", context.language);
  return empty_answer();
}

}  // namespace twofold::server::two_factor_api
