#include "app/security_center_api.hpp"

#include "app/api_answers.hpp"
#include "app/app_services.hpp"
#include "app/audit_answers.hpp"
#include "app/origin_answers.hpp"
#include "app/query_string.hpp"
#include "app/sign_in_api.hpp"
#include "security_center/time_zone_setting.hpp"

namespace twofold::server::security_center_api {

namespace {

http_response sign_out_refused(sign_out_refusal refusal, i18n::language language) {
  if (refusal == sign_out_refusal::not_found) return error_answer(404, "not_found", language);
  return error_answer(409, refusal == sign_out_refusal::current_session ? "current_session" : "own_account", language);
}

template <class View, class ToJson>
http_response blocked_answer(const std::variant<View, block_refusal>& outcome, std::string_view current_code,
                             i18n::language language, ToJson to_json) {
  if (const auto* view = std::get_if<View>(&outcome)) return json_answer(200, to_json(*view).dump());
  if (std::get<block_refusal>(outcome) == block_refusal::not_found) return error_answer(404, "not_found", language);
  return error_answer(409, current_code, language);
}

http_response device_block(app_services& services, request_context& context, bool blocked) {
  return blocked_answer(services.origins.set_device_blocked(*context.session, *context.id, blocked, context.client),
                        "current_device", context.language, [](const device_view& view) { return device_json(view); });
}

http_response location_block(app_services& services, request_context& context, bool blocked) {
  const auto language = context.language;
  return blocked_answer(services.origins.set_location_blocked(*context.session, *context.id, blocked, context.client),
                        "current_location", language,
                        [language](const location_view& view) { return location_json(view, language); });
}

}  // namespace

http_response sessions(app_services& services, request_context& context) {
  auto list = nlohmann::json::array();
  for (const auto& view : services.where_signed_in.mine(*context.session)) list.push_back(session_json(view, context.language));
  return json_answer(200, nlohmann::json{{"sessions", std::move(list)}}.dump());
}

http_response end_session(app_services& services, request_context& context) {
  if (const auto refused = services.sign_out.end_mine(*context.session, *context.id, context.client)) {
    return sign_out_refused(*refused, context.language);
  }
  return empty_answer();
}

http_response end_other_sessions(app_services& services, request_context& context) {
  const auto ended = services.sign_out.end_my_others(*context.session, context.client);
  return json_answer(200, nlohmann::json{{"ended", ended}}.dump());
}

http_response devices(app_services& services, request_context& context) {
  auto list = nlohmann::json::array();
  for (const auto& view : services.origins.devices(*context.session, context.client)) list.push_back(device_json(view));
  return json_answer(200, nlohmann::json{{"devices", std::move(list)}}.dump());
}

http_response block_device(app_services& services, request_context& context) { return device_block(services, context, true); }

http_response unblock_device(app_services& services, request_context& context) {
  return device_block(services, context, false);
}

http_response locations(app_services& services, request_context& context) {
  auto list = nlohmann::json::array();
  for (const auto& view : services.origins.locations(*context.session, context.client)) {
    list.push_back(location_json(view, context.language));
  }
  return json_answer(200, nlohmann::json{{"locations", std::move(list)}}.dump());
}

http_response block_location(app_services& services, request_context& context) {
  return location_block(services, context, true);
}

http_response unblock_location(app_services& services, request_context& context) {
  return location_block(services, context, false);
}

http_response audit_events(app_services& services, request_context& context) {
  const auto& target = context.request.target;
  auto parsed = parse_audit_log_parameters({.event = query_parameter(target, "event"), .page = query_parameter(target, "page")});
  if (const auto* errors = std::get_if<field_errors>(&parsed)) {
    return error_answer(400, "validation_failed", context.language, *errors);
  }
  auto& request = std::get<audit_log_request>(parsed);
  request.query.user_id = context.account().id;
  request.query.about_user_only = true;
  return json_answer(200, audit_page_json(read_audit_log(services.store, context.account(), request)));
}

http_response change_time_zone(app_services& services, request_context& context) {
  const auto zone = context.body.find("time_zone");
  if (zone == context.body.end() || !(zone->is_null() || zone->is_string())) {
    return error_answer(400, "validation_failed", context.language,
                        {field_error{.field = "time_zone", .code = "invalid_time_zone",
                                     .message_key = "validation.invalid_time_zone"}});
  }
  const auto chosen = zone->is_null() ? std::nullopt : std::optional(zone->get<std::string>());
  if (const auto error = server::change_time_zone(services.store, context.account(), chosen)) {
    return error_answer(400, "validation_failed", context.language, {*error});
  }
  context.session->account.time_zone = chosen;
  return sign_in_api::me(services, context);
}

}  // namespace twofold::server::security_center_api
