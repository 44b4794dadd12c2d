#pragma once
// Sessions, devices and locations as the API shows them (docs/openapi.yaml:
// SignedInSession, Device, Location): names and places in the answer's
// language, times in ISO 8601.
#include <nlohmann/json.hpp>

#include "security_center/devices_and_locations.hpp"
#include "security_center/session_list.hpp"
#include "twofold/i18n/catalog.hpp"

namespace twofold::server {

[[nodiscard]] nlohmann::json session_json(const session_view& view, i18n::language language);
// The same with the person it belongs to, for administrators.
[[nodiscard]] nlohmann::json company_session_json(const session_view& view, i18n::language language);
[[nodiscard]] nlohmann::json device_json(const device_view& view);
[[nodiscard]] nlohmann::json location_json(const location_view& view, i18n::language language);

}  // namespace twofold::server
