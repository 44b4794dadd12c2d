#include "app/sso_api.hpp"

#include "app/api_answers.hpp"
#include "app/app_services.hpp"
#include "app/query_string.hpp"
#include "app/request_bodies.hpp"
#include "app/router.hpp"
#include "app/session_cookie.hpp"
#include "app/setup_gate.hpp"
#include "app/sign_in_api.hpp"
#include "runtime/logger.hpp"
#include "runtime/overloaded.hpp"
#include "runtime/http_fetch.hpp"
#include "twofold/api/messages.hpp"

namespace twofold::server {

namespace {

http_response redirect(std::string location) {
  return http_response{.status = 302, .headers = {{"Location", std::move(location)}, {"Cache-Control", "no-store"}},
                       .body = {}};
}

nlohmann::json button_json(const sso_button& button) {
  return {{"id", provider_id(button.kind)}, {"name", button.name}};
}

http_response started_answer(const sso_start_outcome& outcome, const request_context& context) {
  if (const auto* unavailable = std::get_if<sso_unavailable>(&outcome)) {
    static_cast<void>(unavailable);
    return error_answer(400, "sso_unavailable", context.language);
  }
  const auto& started = std::get<sso_redirect>(outcome);
  auto answer = json_answer(200, nlohmann::json{{"redirect", started.url}}.dump());
  answer.headers.emplace_back("Set-Cookie", session_cookie(started.browser.cookie_value, context.request.tls, cookie_kind::sso));
  return answer;
}

// Where a refused single sign-on leaves the person, with why in words they can act on.
std::string refused_location(const sso_callback_result& result, sso_failure reason) {
  const std::string_view code = reason == sso_failure::already_linked ? "already_linked"
                                : reason == sso_failure::account_locked ? "locked"
                                                                        : "failed";
  if (result.connect) return "/profile/?sso_error=" + std::string(code);
  std::string location = "/?";
  if (!result.company.empty()) location += "company=" + form_encoded(result.company) + "&";
  return location + "sso_error=" + std::string(code);
}

std::string home_of(const signed_in& done) {
  if (done.setup_required) return std::string(two_factor_setup_home);
  return std::string(api::home_path(role_name(done.account.role)));
}

// The callback's answer: a redirect, with the cookies of what it led to.
http_response callback_answer(const sso_callback_result& result, const http_request& request) {
  auto answer = std::visit(
      overloaded{
          [&](const signed_in& done) {
            auto next = redirect(home_of(done));
            next.headers.emplace_back("Set-Cookie", session_cookie(done.session.cookie_value, request.tls));
            return next;
          },
          [&](const flow_waiting& waiting) {
            auto next = redirect("/verify/");
            next.headers.emplace_back("Set-Cookie",
                                      session_cookie(waiting.cookie->cookie_value, request.tls, cookie_kind::sign_in));
            return next;
          },
          [&](const bind_waiting& waiting) {
            auto next = redirect("/bind/");
            next.headers.emplace_back("Set-Cookie",
                                      session_cookie(waiting.cookie.cookie_value, request.tls, cookie_kind::sign_in));
            return next;
          },
          [&](const sso_connected&) { return redirect("/profile/?sso=connected"); },
          [&](const sso_refused& refused) { return redirect(refused_location(result, refused.reason)); },
      },
      result.outcome);
  answer.headers.emplace_back("Set-Cookie", cleared_session_cookie(request.tls, cookie_kind::sso));
  return answer;
}

void log_callback(logger& log, const sso_callback_result& result, const http_request& request) {
  if (const auto* refused = std::get_if<sso_refused>(&result.outcome)) {
    log.warn("sso.failed", {{"reason", failure_code(refused->reason)}, {"ip", request.remote_ip}});
  } else {
    log.info("sso.callback", {{"connect", result.connect}, {"ip", request.remote_ip}});
  }
}

std::optional<sso_provider_kind> provider_in(const nlohmann::json& body) {
  const auto provider = body.find("provider");
  if (provider == body.end() || !provider->is_string()) return std::nullopt;
  return parse_provider_id(provider->get<std::string>());
}

http_response provider_required(i18n::language language) {
  return error_answer(400, "validation_failed", language,
                      {field_error{.field = "provider", .code = "invalid_choice", .message_key = "validation.invalid_choice"}});
}

std::string settings_json(const std::string& redirect_uri, const sso_settings& settings) {
  auto providers = nlohmann::json::array();
  for (const auto& provider : settings.providers) {
    nlohmann::json entry = {{"id", provider_id(provider.kind)},
                            {"enabled", provider.enabled},
                            {"client_id", provider.client_id},
                            {"client_secret_set", !provider.sealed_client_secret.empty()},
                            {"issuer", provider.issuer}};
    if (provider.kind == sso_provider_kind::microsoft) entry["tenant"] = provider.tenant;
    if (provider.kind == sso_provider_kind::oidc) entry["name"] = provider.name;
    providers.push_back(std::move(entry));
  }
  return nlohmann::json{{"redirect_uri", redirect_uri},
                        {"two_factor_after_sso", settings.two_factor_after_sso},
                        {"providers", providers}}
      .dump();
}

}  // namespace

http_response sso_callback_answer(app_services& services, const http_request& request) {
  const auto result = services.sso.callback(
      sso_callback{.state = query_parameter(request.target, "state").value_or(""),
                   .code = query_parameter(request.target, "code").value_or(""),
                   .error = query_parameter(request.target, "error").value_or(""),
                   .browser = session_cookie_value(request, cookie_kind::sso)},
      client_of(request));
  log_callback(services.log, result, request);
  return callback_answer(result, request);
}

namespace sso_api {

http_response providers(app_services& services, request_context& context) {
  auto buttons = nlohmann::json::array();
  for (const auto& button : services.sso.buttons(query_parameter(context.request.target, "company").value_or(""))) {
    buttons.push_back(button_json(button));
  }
  return json_answer(200, nlohmann::json{{"providers", buttons}}.dump());
}

http_response start(app_services& services, request_context& context) {
  const auto language = context.body.contains("language") && context.body["language"].is_string()
                            ? i18n::parse_language(context.body["language"].get<std::string>())
                            : std::nullopt;
  return started_answer(services.sso.start(string_member_or_empty(context.body, "company"),
                                           string_member_or_empty(context.body, "provider"), language, context.client),
                        context);
}

http_response bind(app_services& services, request_context& context) {
  const auto status = services.sign_in.bind(context.flow_cookie);
  if (!status) return flow_gone_answer(sign_in_state::bind, context);
  const auto& external = *status->flow.external;
  nlohmann::json body = {{"bind",
                          {{"provider", external.provider},
                           {"provider_name", external.provider_name},
                           {"name", external.name},
                           {"company", status->company}}},
                         {"flow", {{"state", "bind"}, {"expires_in", status->expires_in.count()}, {"methods", {"password"}}}}};
  if (!external.email.empty()) body["bind"]["email"] = external.email;
  return json_answer(200, body.dump());
}

http_response submit_bind(app_services& services, request_context& context) {
  const auto form = api::parse_sign_in_request(context.request.body);
  if (!form) return with_flow_state(error_answer(400, "malformed_json", context.language), sign_in_state::bind);
  auto validation = validate_sign_in(*form);
  if (!validation.ok()) {
    return with_flow_state(error_answer(400, "validation_failed", context.language, validation.errors), sign_in_state::bind);
  }
  const auto session = session_cookie_value(context.request);
  const auto outcome = services.sign_in.submit_bind(
      context.flow_cookie, {.form = std::move(validation),
                            .client = context.client,
                            .previous_session = session ? hash_of_cookie_value(*session) : std::nullopt,
                            .trusted_browser = std::nullopt,
                            .language = std::nullopt});
  return sign_in_step_answer(services, outcome, context, sign_in_state::bind);
}

http_response links(app_services& services, request_context& context) {
  auto providers = nlohmann::json::array();
  for (const auto& link : services.sso.links(context.account())) {
    auto entry = button_json(link.provider);
    entry["connected"] = nullptr;
    if (link.identity) {
      entry["connected"] = {{"name", link.identity->name},
                            {"email", link.identity->email},
                            {"linked_at", iso8601(link.identity->linked_at)}};
    }
    providers.push_back(std::move(entry));
  }
  return json_answer(200, nlohmann::json{{"providers", providers}}.dump());
}

http_response connect(app_services& services, request_context& context) {
  const auto provider = provider_in(context.body);
  if (!provider) return provider_required(context.language);
  return started_answer(services.sso.connect(context.account(), provider_id(*provider), context.client), context);
}

http_response disconnect(app_services& services, request_context& context) {
  const auto provider = provider_in(context.body);
  if (!provider) return provider_required(context.language);
  const auto password = optional_string_member(context.body, "password");
  if (std::holds_alternative<malformed_body>(password)) return error_answer(400, "malformed_json", context.language);
  const auto outcome = services.sso.disconnect(*context.session, *provider, std::get<std::optional<std::string>>(password),
                                               context.client);
  return std::visit(overloaded{
                        [&](const disconnected&) {
                          services.log.info("sso.unlinked",
                                            {{"user_id", context.account().id}, {"provider", provider_id(*provider)}});
                          return empty_answer();
                        },
                        [&](const step_up_denied& denied) { return step_up_refusal(denied.result, context.language); },
                        [&](const not_connected&) { return error_answer(404, "not_found", context.language); },
                    },
                    outcome);
}

http_response settings(app_services& services, request_context& context) {
  return json_answer(200, settings_json(services.sso.redirect_uri(), services.sso_settings.settings(context.account())));
}

http_response change_settings(app_services& services, request_context& context) {
  const auto changed = services.sso_settings.change(context.account(), context.body, context.client);
  if (const auto* errors = std::get_if<field_errors>(&changed)) {
    return error_answer(400, "validation_failed", context.language, *errors);
  }
  services.log.info("admin.sso_changed", {{"by_user_id", context.account().id}});
  return json_answer(200, settings_json(services.sso.redirect_uri(), std::get<sso_settings>(changed)));
}

}  // namespace sso_api

}  // namespace twofold::server
