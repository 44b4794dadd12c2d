#include "flows/two_factor_settings.hpp"

#include <algorithm>

#include "account/audit.hpp"
#include "account/product_name.hpp"
#include "runtime/clock.hpp"
#include "storage/storage.hpp"
#include "two_factor/code_check.hpp"
#include "two_factor/code_mail.hpp"
#include "two_factor/random_secrets.hpp"
#include "two_factor/server_key.hpp"
#include "two_factor/two_factor_removal.hpp"
#include "two_factor/trusted_browsers.hpp"
#include "twofold/otp/base32.hpp"
#include "twofold/otp/otpauth_uri.hpp"
#include "twofold/otp/resend_countdown.hpp"
#include "twofold/otp/secret_text.hpp"

namespace twofold::server {

namespace {

backup_codes_summary summary_of(const backup_code_set& codes, const two_factor_record& method) {
  const auto unused = std::ranges::count_if(codes.codes, [](const auto& code) { return !code.used_at; });
  return backup_codes_summary{.total = static_cast<int>(codes.codes.size()),
                              .unused = static_cast<int>(unused),
                              .downloaded = method.backup_codes_downloaded_at.has_value()};
}

// Issuer "Twofold (Acme)": a person in two companies sees two entries apart.
std::string issuer_of(const user& account) { return std::string(product_name) + " (" + account.company_name + ")"; }

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
                                         step_up_check& step_up)
    : store_(store), clock_(clk), key_(key), step_up_(step_up) {}

two_factor_status two_factor_settings::status(const active_session& session) {
  const timestamp now = clock_.now();
  const row_id user_id = session.account.id;
  two_factor_status status{.method = std::nullopt,
                           .enabled_at = std::nullopt,
                           .setup = std::nullopt,
                           .step_up_required = step_up_.required(session.record, now),
                           .backup_codes = std::nullopt};
  if (const auto method = store_.find_two_factor(user_id)) {
    status.method = parse_method(method->method);
    status.enabled_at = method->enabled_at;
    if (const auto codes = store_.find_backup_codes(user_id)) status.backup_codes = summary_of(*codes, *method);
  } else if (const auto setup = store_.find_two_factor_setup(user_id); setup && setup->expires_at > now) {
    status.setup = parse_method(setup->method);
  }
  return status;
}

email_setup_outcome two_factor_settings::start_email(const user& account, const client_info& client) {
  const timestamp now = clock_.now();
  if (store_.find_two_factor(account.id)) return two_factor_already_on{};
  const auto previous = store_.find_two_factor_setup(account.id);
  if (previous && previous->method == method_name(two_factor_method::email) && previous->expires_at > now) {
    const otp::countdown_state countdown{previous->last_sent_at};
    if (!countdown.can_resend(now)) return resend_too_soon{.wait = countdown.seconds_left(now)};
  }
  const std::string code = new_email_code();
  change_set changes;
  changes.two_factor.setups_put.push_back(two_factor_setup_record{
      .user_id = account.id,
      .method = std::string(method_name(two_factor_method::email)),
      .sealed_secret = {},
      .email_code = key_.hash_code(server_key::code_purpose::email_code, account.id, code),
      .last_sent_at = now,
      .attempts = 0,
      .expires_at = now + email_setup_lifetime,
  });
  changes.mail.push_back(code_mail(code_mail_kind::setup, account, code, email_setup_lifetime, now));
  changes.audit_events.push_back(event(audit::two_factor_setup_started, account, client, now, {{"method", "email"}}));
  store_.apply(changes);
  return email_setup_started{.email_hint = email_hint(account.email),
                             .resend_in = otp::countdown_state{now}.seconds_left(now),
                             .expires_in = email_setup_lifetime};
}

app_setup_outcome two_factor_settings::start_app(const user& account, const client_info& client) {
  const timestamp now = clock_.now();
  if (store_.find_two_factor(account.id)) return two_factor_already_on{};
  auto secret = new_totp_secret();
  otp::otpauth_key key{.issuer = issuer_of(account), .account = account.email, .secret = secret};
  auto uri = otp::build_otpauth_uri(key);
  if (!uri) throw std::logic_error("otpauth URI for " + account.email + ": " + std::string(otp::error_code(uri.error())));
  app_setup_started started{.secret = otp::base32_encode(secret),
                            .secret_text = {},
                            .otpauth_uri = *std::move(uri),
                            .issuer = key.issuer,
                            .account = key.account};
  started.secret_text = otp::group_secret_for_reading(started.secret);
  change_set changes;
  changes.two_factor.setups_put.push_back(two_factor_setup_record{
      .user_id = account.id,
      .method = std::string(method_name(two_factor_method::app)),
      .sealed_secret = key_.seal(secret),
      .email_code = std::nullopt,
      .last_sent_at = std::nullopt,
      .attempts = 0,
      .expires_at = now + app_setup_lifetime,
  });
  changes.audit_events.push_back(event(audit::two_factor_setup_started, account, client, now, {{"method", "app"}}));
  store_.apply(changes);
  return started;
}

bool two_factor_settings::code_matches(const user& account, const two_factor_setup_record& setup,
                                       std::string_view digits, timestamp now,
                                       std::optional<std::int64_t>& totp_step) {
  if (setup.method == method_name(two_factor_method::app)) {
    totp_step = matching_totp_step(key_, setup.sealed_secret, digits, now, std::nullopt);
    return totp_step.has_value();
  }
  return email_code_matches(key_, account.id, setup.email_code, digits);
}

confirm_outcome two_factor_settings::confirm(const user& account, std::string_view digits,
                                             const client_info& client) {
  const timestamp now = clock_.now();
  if (store_.find_two_factor(account.id)) return two_factor_already_on{};
  const auto setup = store_.find_two_factor_setup(account.id);
  if (!setup || setup->expires_at <= now) return no_setup_in_progress{};
  change_set claim;
  claim.guards.push_back(setup_attempt{.user_id = account.id, .max_attempts = max_setup_attempts, .now = now});
  if (!store_.apply(claim)) return no_setup_in_progress{};

  std::optional<std::int64_t> totp_step;
  if (code_matches(account, *setup, digits, now, totp_step)) return turn_on(account, *setup, totp_step, client, now);

  const int attempts_left = std::max(0, max_setup_attempts - (setup->attempts + 1));
  change_set changes;
  if (attempts_left == 0) changes.two_factor.setups_ended.push_back(account.id);
  changes.audit_events.push_back(event(audit::two_factor_setup_failed, account, client, now,
                                       {{"method", setup->method}, {"attempts_left", attempts_left}}));
  store_.apply(changes);
  return code_rejected{.attempts_left = attempts_left};
}

confirm_outcome two_factor_settings::turn_on(const user& account, const two_factor_setup_record& setup,
                                             std::optional<std::int64_t> totp_step, const client_info& client,
                                             timestamp now) {
  fresh_backup_codes codes{.codes = new_backup_codes(), .created_at = now};
  change_set changes;
  changes.guards.push_back(setup_finish{.user_id = account.id});
  changes.two_factor.methods_put.push_back(two_factor_record{.user_id = account.id,
                                                        .method = setup.method,
                                                        .sealed_secret = setup.sealed_secret,
                                                        .last_totp_step = totp_step,
                                                        .enabled_at = now,
                                                        .backup_codes_downloaded_at = std::nullopt});
  changes.two_factor.backup_code_sets.push_back(hashed_backup_codes(key_, account.id, codes.codes, now));
  changes.audit_events.push_back(event(audit::two_factor_enabled, account, client, now, {{"method", setup.method}}));
  changes.trust.end_all(account.id);  // a new method: trust given under an older one ends
  if (!store_.apply(changes)) return no_setup_in_progress{};  // a parallel confirmation won
  return two_factor_turned_on{.method = parse_method(setup.method).value_or(two_factor_method::app),
                              .backup_codes = std::move(codes)};
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
  changes.mail.push_back(two_factor_off_mail(account, now));
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
