#include "account/sign_in_origin.hpp"

#include <nlohmann/json.hpp>

#include "storage/storage.hpp"

namespace twofold::server {

namespace {

std::string name_of(const std::map<std::string, std::string>& names, std::string_view tag) {
  const auto found = names.find(std::string(tag));
  return found == names.end() ? std::string() : found->second;
}

std::string names_json(const std::map<std::string, std::string>& names) {
  return nlohmann::json(names).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The name in `tag`, else in English, from a stored JSON object of names.
std::string stored_name(const std::string& json, std::string_view tag) {
  const auto names = nlohmann::json::parse(json, nullptr, false);
  if (!names.is_object()) return {};
  for (const auto wanted : {tag, std::string_view("en")}) {
    if (const auto found = names.find(std::string(wanted)); found != names.end() && found->is_string()) {
      return found->get<std::string>();
    }
  }
  return {};
}

}  // namespace

std::string place_key(const place& location) {
  if (location.country_code.empty()) return location.network;
  const auto city = name_of(location.city_names, "en");
  return city.empty() ? location.country_code : location.country_code + "/" + city;
}

device_name_record to_record(const device_description& device) {
  return device_name_record{.browser = device.browser,
                            .browser_version = device.browser_version,
                            .os = device.os,
                            .os_version = device.os_version,
                            .device = device.device};
}

place_record to_record(const place& location) {
  return place_record{.key = place_key(location),
                      .network = location.network,
                      .country_code = location.country_code,
                      .city_names = names_json(location.city_names),
                      .country_names = names_json(location.country_names)};
}

std::optional<blocked_origin> blocked_by(const known_origin_record& known) {
  if (known.device && known.device->blocked_at) return blocked_origin::device;
  if (known.location && known.location->blocked_at) return blocked_origin::location;
  return std::nullopt;
}

std::string_view blocked_origin_name(blocked_origin what) {
  return what == blocked_origin::device ? "device" : "location";
}

place_names names_in(const place_record& location, i18n::language lang) {
  const auto tag = i18n::language_tag(lang);
  return place_names{.city = stored_name(location.city_names, tag), .country = stored_name(location.country_names, tag)};
}

origin_facts read_origin_facts(storage& store, const origin_finder& finder, row_id user_id, const client_info& client,
                               std::string security_link) {
  auto origin = finder.find(client);
  auto known = store.find_known_origin(user_id, client.device, place_key(origin.location));
  return origin_facts{.origin = std::move(origin), .known = std::move(known), .security_link = std::move(security_link)};
}

sign_in_origin origin_finder::find(const client_info& client) const {
  return sign_in_origin{.client = client, .device = agents_.parse(client.user_agent), .location = places_.locate(client.ip)};
}

}  // namespace twofold::server
