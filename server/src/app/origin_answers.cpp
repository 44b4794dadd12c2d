#include "app/origin_answers.hpp"

#include "twofold/time.hpp"

namespace twofold::server {

namespace {

nlohmann::json name_json(const std::optional<device_name_record>& device) {
  const auto name = device.value_or(device_name_record{.browser = "Other", .browser_version = "", .os = "Other",
                                                       .os_version = "", .device = "Other"});
  return {{"browser", name.browser},
          {"browser_version", name.browser_version},
          {"os", name.os},
          {"os_version", name.os_version},
          {"device", name.device}};
}

nlohmann::json place_json(const std::optional<place_record>& place, std::string_view ip, i18n::language language) {
  if (!place) return {{"city", ""}, {"country", ""}, {"country_code", ""}, {"network", std::string(ip)}};
  const auto names = names_in(*place, language);
  return {{"city", names.city}, {"country", names.country}, {"country_code", place->country_code}, {"network", place->network}};
}

}  // namespace

nlohmann::json session_json(const session_view& view, i18n::language language) {
  const auto& session = view.session;
  return {{"id", session.id},
          {"current", view.current},
          {"device", name_json(session.device)},
          {"location", place_json(session.place, session.ip, language)},
          {"ip", session.ip},
          {"created_at", iso8601(session.created_at)},
          {"last_seen_at", iso8601(session.last_seen_at)}};
}

nlohmann::json company_session_json(const session_view& view, i18n::language language) {
  auto json = session_json(view, language);
  json["user"] = {{"id", view.session.user_id},
                  {"username", view.session.username},
                  {"display_name", view.session.display_name}};
  return json;
}

nlohmann::json device_json(const device_view& view) {
  const auto& device = view.device;
  return {{"id", device.id},
          {"current", view.current},
          {"name", name_json(device.name)},
          {"first_seen_at", iso8601(device.first_seen_at)},
          {"last_seen_at", iso8601(device.last_seen_at)},
          {"last_ip", device.last_ip},
          {"blocked", device.blocked_at.has_value()}};
}

nlohmann::json location_json(const location_view& view, i18n::language language) {
  const auto& location = view.location;
  return {{"id", location.id},
          {"current", view.current},
          {"place", place_json(location.place, location.last_ip, language)},
          {"first_seen_at", iso8601(location.first_seen_at)},
          {"last_seen_at", iso8601(location.last_seen_at)},
          {"last_ip", location.last_ip},
          {"blocked", location.blocked_at.has_value()}};
}

}  // namespace twofold::server
