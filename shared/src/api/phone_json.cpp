#include "api/phone_json.hpp"

#include <optional>

#include "api/wire_json.hpp"
#include "twofold/phone/countries.hpp"
#include "twofold/phone/phone_number.hpp"

namespace twofold::api {
namespace {

std::string bad_request() {
  return dump({{"error", {{"code", "bad_request"}, {"message_key", "error.bad_request"}}}});
}

std::optional<nlohmann::json> parse_object(std::string_view request) {
  auto parsed = nlohmann::json::parse(request, nullptr, false);
  if (!parsed.is_object()) return std::nullopt;  // also when discarded (not JSON)
  return parsed;
}

// The string member `name` of `object`, "" when missing; nullopt when it is not a string.
std::optional<std::string> text_member(const nlohmann::json& object, std::string_view name) {
  const auto member = object.find(name);
  if (member == object.end()) return std::string();
  if (!member->is_string()) return std::nullopt;
  return member->get<std::string>();
}

}  // namespace

std::string answer_normalize_phone(std::string_view request) {
  const auto object = parse_object(request);
  const auto country = object ? text_member(*object, "country") : std::nullopt;
  const auto phone = object ? text_member(*object, "phone") : std::nullopt;
  if (!country || !phone) return bad_request();
  const auto checked = phone::normalize_phone(*country, *phone);
  if (!checked) {
    return dump({{"ok", false}, {"errors", to_json_value({checked.error()})}, {"phone", nullptr}, {"masked", nullptr}});
  }
  return dump({{"ok", true}, {"errors", json::array()}, {"phone", *checked}, {"masked", phone::mask_phone(*checked)}});
}

std::string answer_mask_phone(std::string_view request) {
  const auto object = parse_object(request);
  const auto phone = object ? text_member(*object, "phone") : std::nullopt;
  if (!phone) return bad_request();
  return dump({{"masked", phone::mask_phone(*phone)}});
}

std::string answer_phone_countries(std::string_view request) {
  if (!parse_object(request)) return bad_request();
  json list = json::array();
  for (const auto& country : phone::countries()) {
    list.push_back({{"region", country.region}, {"dial_code", country.dial_code}});
  }
  return dump({{"countries", std::move(list)}});
}

}  // namespace twofold::api
