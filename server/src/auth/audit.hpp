#pragma once
// Audit events: the security-relevant facts kept in the database for the
// company's administrators (who signed in, failed, was throttled, signed out).
// Event names are stable identifiers:
//   sign_in.succeeded  sign_in.failed  sign_in.throttled  sign_out
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "auth/client_info.hpp"
#include "storage/records.hpp"

namespace twofold::server {

namespace audit {
inline constexpr std::string_view sign_in_succeeded = "sign_in.succeeded";
inline constexpr std::string_view sign_in_failed = "sign_in.failed";
inline constexpr std::string_view sign_in_throttled = "sign_in.throttled";
inline constexpr std::string_view sign_out = "sign_out";
}  // namespace audit

// `detail` must be a JSON object.
[[nodiscard]] audit_event_record audit_event(std::string_view event, const client_info& client, timestamp at,
                                             std::optional<row_id> company_id, std::optional<row_id> user_id,
                                             const nlohmann::json& detail = nlohmann::json::object());

}  // namespace twofold::server
