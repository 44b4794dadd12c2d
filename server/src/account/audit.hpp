#pragma once
// Audit events: the security-relevant facts kept in the database for the
// company's administrators (who signed in, failed, was throttled, signed out).
// Event names are stable identifiers:
//   sign_in.succeeded  sign_in.failed  sign_in.throttled  sign_out
//   second_step.started  second_step.code_sent  second_step.succeeded
//   second_step.failed  second_step.cancelled
//   two_factor.setup_started  two_factor.setup_failed  two_factor.enabled
//   two_factor.disabled  two_factor.phone_changed  backup_codes.regenerated
//   backup_codes.downloaded
//   step_up.failed  account.locked  account.unlocked  sign_in.locked
//   second_step.locked
//   security_settings.changed  admin_code.created  admin_code.used
//   user.updated  user.disabled  user.enabled  user.deleted
//   password_reset.requested  password_reset.throttled  password.changed
//   password.change_required  password.reset_by_admin  user.created
//   second_step.skipped  trusted_browser.added  trusted_browsers.revoked
//   sso.signed_in  sso.failed  sso.linked  sso.unlinked  sso.settings_changed
//   sign_in.blocked  device.new  location.new  device.blocked  device.unblocked
//   location.blocked  location.unblocked  session.ended  notice.password_known
//   company.created  company.disabled  company.enabled  password.reset_by_operator
//
// Who acted, in the detail: an administrator's action has by_user_id; the
// operator's (a `twofold-server` command on the server machine) has
// by_operator: true.
#include <array>
#include <chrono>
#include <string>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "account/client_info.hpp"
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
inline constexpr std::string_view two_factor_phone_changed = "two_factor.phone_changed";
inline constexpr std::string_view backup_codes_regenerated = "backup_codes.regenerated";
inline constexpr std::string_view backup_codes_downloaded = "backup_codes.downloaded";
inline constexpr std::string_view step_up_failed = "step_up.failed";
inline constexpr std::string_view account_locked = "account.locked";
inline constexpr std::string_view account_unlocked = "account.unlocked";
inline constexpr std::string_view sign_in_locked = "sign_in.locked";
inline constexpr std::string_view second_step_locked = "second_step.locked";  // a code sent to a locked account
inline constexpr std::string_view security_settings_changed = "security_settings.changed";
inline constexpr std::string_view admin_code_created = "admin_code.created";
inline constexpr std::string_view admin_code_used = "admin_code.used";
inline constexpr std::string_view user_updated = "user.updated";
inline constexpr std::string_view user_disabled = "user.disabled";
inline constexpr std::string_view user_enabled = "user.enabled";
inline constexpr std::string_view user_deleted = "user.deleted";
inline constexpr std::string_view password_reset_requested = "password_reset.requested";
inline constexpr std::string_view password_reset_throttled = "password_reset.throttled";
inline constexpr std::string_view password_changed = "password.changed";
inline constexpr std::string_view password_change_required = "password.change_required";
inline constexpr std::string_view password_reset_by_admin = "password.reset_by_admin";
inline constexpr std::string_view user_created = "user.created";

inline constexpr std::string_view second_step_skipped = "second_step.skipped";
inline constexpr std::string_view trusted_browser_added = "trusted_browser.added";
inline constexpr std::string_view trusted_browsers_revoked = "trusted_browsers.revoked";
inline constexpr std::string_view sso_signed_in = "sso.signed_in";
inline constexpr std::string_view sso_failed = "sso.failed";
inline constexpr std::string_view sso_linked = "sso.linked";
inline constexpr std::string_view sso_unlinked = "sso.unlinked";
inline constexpr std::string_view sso_settings_changed = "sso.settings_changed";
inline constexpr std::string_view sign_in_blocked = "sign_in.blocked";  // the right password from a blocked origin
inline constexpr std::string_view device_new = "device.new";
inline constexpr std::string_view location_new = "location.new";
inline constexpr std::string_view device_blocked = "device.blocked";
inline constexpr std::string_view device_unblocked = "device.unblocked";
inline constexpr std::string_view location_blocked = "location.blocked";
inline constexpr std::string_view location_unblocked = "location.unblocked";
inline constexpr std::string_view session_ended = "session.ended";  // signed out from elsewhere
inline constexpr std::string_view password_known_notice = "notice.password_known";
// The operator's: a company added (about its first administrator), disabled or enabled again.
inline constexpr std::string_view company_created = "company.created";
inline constexpr std::string_view company_disabled = "company.disabled";
inline constexpr std::string_view company_enabled = "company.enabled";
inline constexpr std::string_view password_reset_by_operator = "password.reset_by_operator";

// The detail field naming the operator as the one who acted.
inline constexpr std::string_view by_operator = "by_operator";

// Every name above: the audit log's event filter accepts these.
inline constexpr std::array known_events{
    sign_in_succeeded,   sign_in_failed,        sign_in_throttled,     sign_out,
    second_step_started, second_step_code_sent, second_step_succeeded, second_step_failed,
    second_step_cancelled, two_factor_setup_started, two_factor_setup_failed, two_factor_enabled,
    two_factor_disabled, backup_codes_regenerated, backup_codes_downloaded, step_up_failed,
    account_locked,      account_unlocked,      sign_in_locked,        second_step_locked,
    security_settings_changed,
    user_updated,        user_disabled,         user_enabled,          user_deleted,
    admin_code_created,  admin_code_used,       password_reset_requested, password_reset_throttled,
    password_changed,    password_change_required, password_reset_by_admin, user_created,
    second_step_skipped, trusted_browser_added, trusted_browsers_revoked,
    sso_signed_in,       sso_failed,            sso_linked,            sso_unlinked,
    sso_settings_changed, two_factor_phone_changed,
    sign_in_blocked,     device_new,            location_new,          device_blocked,
    device_unblocked,    location_blocked,      location_unblocked,    session_ended,
    password_known_notice, company_created,    company_disabled,      company_enabled,
    password_reset_by_operator,
};
}  // namespace audit

// `detail` must be a JSON object.
[[nodiscard]] audit_event_record audit_event(std::string_view event, const client_info& client, timestamp at,
                                             std::optional<row_id> company_id, std::optional<row_id> user_id,
                                             const nlohmann::json& detail = nlohmann::json::object());

// The one row of a throttled window: {"retry_after", "count": 1}, the count
// set when the window ends (its tally key, audit_tally).
[[nodiscard]] audit_event_record throttled_event(std::string_view event, const client_info& client, timestamp at,
                                                 std::optional<row_id> company_id, std::optional<row_id> user_id,
                                                 std::chrono::seconds retry_after, std::string tally_key);

}  // namespace twofold::server
