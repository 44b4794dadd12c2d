#include "two_factor/two_factor_settings.hpp"

#include <algorithm>
#include <utility>

#include "account/audit.hpp"
#include "runtime/clock.hpp"
#include "storage/storage.hpp"
#include "two_factor/code_check.hpp"
#include "two_factor/code_mail.hpp"
#include "two_factor/random_secrets.hpp"
#include "two_factor/server_key.hpp"
#include "two_factor/sms_number.hpp"
#include "two_factor/two_factor_removal.hpp"
#include "two_factor/trusted_browsers.hpp"
#include "twofold/phone/phone_number.hpp"

namespace twofold::server {

namespace {

backup_codes_summary summary_of(const backup_code_set& codes, const two_factor_record& method) {
  const auto unused = std::ranges::count_if(codes.codes, [](const auto& code) { return !code.used_at; });
  return backup_codes_summary{.total = static_cast<int>(codes.codes.size()),
                              .unused = static_cast<int>(unused),
                              .downloaded = method.backup_codes_downloaded_at.has_value()};
}

audit_event_record event(std::string_view name, const user& account, const client_info& client, timestamp now,
                         const nlohmann::json& detail = nlohmann::json::object()) {
  return audit_event(name, client, now, account.company_id, account.id, detail);
}

change_set only(audit_event_record recorded) {
  change_set changes;
  changes.audit_events.push_back(std::move(recorded));
  return changes;
}

}  // namespace

two_factor_settings::two_factor_settings(storage& store, const clock& clk, const server_key& key,
                                         step_up_check& step_up, const origin_finder& origins,
                                         std::string security_link)
    : store_(store),
      clock_(clk),
      key_(key),
      step_up_(step_up),
      origins_(origins),
      security_link_(std::move(security_link)) {}

two_factor_status two_factor_settings::status(const active_session& session) {
  const timestamp now = clock_.now();
  const row_id user_id = session.account.id;
  two_factor_status status{.method = std::nullopt,
                           .phone_hint = std::nullopt,
                           .enabled_at = std::nullopt,
                           .setup = std::nullopt,
                           .step_up_required = step_up_.required(session.record, now),
                           .backup_codes = std::nullopt};
  if (const auto method = store_.find_two_factor(user_id)) {
    status.method = parse_method(method->method);
    if (const auto phone = open_phone(key_, method->sealed_phone)) status.phone_hint = phone::mask_phone(*phone);
    status.enabled_at = method->enabled_at;
    if (const auto codes = store_.find_backup_codes(user_id)) status.backup_codes = summary_of(*codes, *method);
  } else if (const auto setup = store_.find_two_factor_setup(user_id); setup && setup->expires_at > now) {
    status.setup = parse_method(setup->method);
  }
  return status;
}

turn_off_outcome two_factor_settings::turn_off(const active_session& session,
                                               const std::optional<std::string>& password,
                                               const client_info& client) {
  const timestamp now = clock_.now();
  const auto& account = session.account;
  const auto method = store_.find_two_factor(account.id);
  if (!method) return two_factor_is_off{};
  const auto step_up = step_up_.check(session, password, client, now);
  if (step_up.outcome != step_up_outcome::allowed) {
    if (step_up.outcome == step_up_outcome::password_rejected) {
      store_.apply(only(event(audit::step_up_failed, account, client, now, {{"for", "turn_off"}})));
    }
    return step_up_denied{step_up};
  }
  change_set changes;
  add_two_factor_removal(changes, account.id);
  changes.mail.push_back(
      security_notice(security_notice_kind::two_factor_off, account, origins_.find(client), security_link_, now));
  changes.audit_events.push_back(event(audit::two_factor_disabled, account, client, now, {{"method", method->method}}));
  store_.apply(changes);
  return turned_off{};
}

std::optional<backup_codes_state> two_factor_settings::backup_codes(const user& account) {
  const auto method = store_.find_two_factor(account.id);
  if (!method) return std::nullopt;
  auto codes = store_.find_backup_codes(account.id);
  if (!codes) return std::nullopt;
  return backup_codes_state{.codes = *std::move(codes), .downloaded_at = method->backup_codes_downloaded_at};
}

regenerate_outcome two_factor_settings::regenerate_backup_codes(const active_session& session,
                                                                const std::optional<std::string>& password,
                                                                const client_info& client) {
  const timestamp now = clock_.now();
  const auto& account = session.account;
  if (!store_.find_two_factor(account.id)) return two_factor_is_off{};
  const auto step_up = step_up_.check(session, password, client, now);
  if (step_up.outcome != step_up_outcome::allowed) {
    if (step_up.outcome == step_up_outcome::password_rejected) {
      store_.apply(only(event(audit::step_up_failed, account, client, now, {{"for", "backup_codes"}})));
    }
    return step_up_denied{step_up};
  }
  fresh_backup_codes codes{.codes = new_backup_codes(), .created_at = now};
  change_set changes;
  changes.two_factor.backup_code_sets.push_back(hashed_backup_codes(key_, account.id, codes.codes, now));
  changes.audit_events.push_back(event(audit::backup_codes_regenerated, account, client, now));
  changes.mail.push_back(
      security_notice(security_notice_kind::backup_codes_new, account, origins_.find(client), security_link_, now));
  changes.trust.end_all(account.id);  // new codes mean the old ones may have leaked
  store_.apply(changes);
  return codes;
}

download_outcome two_factor_settings::record_download(const user& account, const client_info& client) {
  const timestamp now = clock_.now();
  if (!store_.find_two_factor(account.id)) return two_factor_is_off{};
  change_set changes;
  changes.two_factor.backup_code_downloads.push_back({.user_id = account.id, .at = now});
  changes.audit_events.push_back(event(audit::backup_codes_downloaded, account, client, now));
  store_.apply(changes);
  return download_recorded{};
}

}  // namespace twofold::server
