#pragma once
// Audit events: the security-relevant facts kept in the database for the
// company's administrators (who signed in, failed, was throttled, signed out).
// Event names are stable identifiers:
//   sign_in.succeeded  sign_in.failed  sign_in.throttled  sign_out
//   second_step.started  second_step.code_sent  second_step.succeeded
//   second_step.failed  second_step.cancelled
//   two_factor.setup_started  two_factor.setup_failed  two_factor.enabled
//   two_factor.disabled  backup_codes.regenerated  backup_codes.downloaded
//   step_up.failed  account.locked  account.unlocked  sign_in.locked
//   security_settings.changed
//   second_step.skipped  trusted_browser.added  trusted_browsers.revoked
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
inline constexpr std::string_view second_step_started = "second_step.started";
inline constexpr std::string_view second_step_code_sent = "second_step.code_sent";
inline constexpr std::string_view second_step_succeeded = "second_step.succeeded";
inline constexpr std::string_view second_step_failed = "second_step.failed";
inline constexpr std::string_view second_step_cancelled = "second_step.cancelled";
inline constexpr std::string_view two_factor_setup_started = "two_factor.setup_started";
inline constexpr std::string_view two_factor_setup_failed = "two_factor.setup_failed";
inline constexpr std::string_view two_factor_enabled = "two_factor.enabled";
inline constexpr std::string_view two_factor_disabled = "two_factor.disabled";
inline constexpr std::string_view backup_codes_regenerated = "backup_codes.regenerated";
inline constexpr std::string_view backup_codes_downloaded = "backup_codes.downloaded";
inline constexpr std::string_view step_up_failed = "step_up.failed";
inline constexpr std::string_view account_locked = "account.locked";
inline constexpr std::string_view account_unlocked = "account.unlocked";
inline constexpr std::string_view sign_in_locked = "sign_in.locked";
inline constexpr std::string_view security_settings_changed = "security_settings.changed";
inline constexpr std::string_view second_step_skipped = "second_step.skipped";
inline constexpr std::string_view trusted_browser_added = "trusted_browser.added";
inline constexpr std::string_view trusted_browsers_revoked = "trusted_browsers.revoked";
}  // namespace audit

// `detail` must be a JSON object.
[[nodiscard]] audit_event_record audit_event(std::string_view event, const client_info& client, timestamp at,
                                             std::optional<row_id> company_id, std::optional<row_id> user_id,
                                             const nlohmann::json& detail = nlohmann::json::object());

}  // namespace twofold::server
