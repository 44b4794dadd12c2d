#include "flows/two_factor_setup.hpp"

#include <stdexcept>

#include "account/audit.hpp"
#include "account/product_name.hpp"
#include "two_factor/code_mail.hpp"
#include "twofold/otp/base32.hpp"
#include "twofold/otp/otpauth_uri.hpp"
#include "twofold/otp/resend_countdown.hpp"
#include "twofold/otp/secret_text.hpp"

namespace twofold::server {

namespace {

audit_event_record event(std::string_view name, const user& account, const client_info& client, timestamp now,
                         const nlohmann::json& detail = nlohmann::json::object()) {
  return audit_event(name, client, now, account.company_id, account.id, detail);
}

// Issuer "Twofold (Acme)": a person in two companies sees two entries apart.
std::string issuer_of(const user& account) { return std::string(product_name) + " (" + account.company_name + ")"; }

bool setting_up_by_email(const two_factor_setup_flow& flow) {
  return flow.state == setup_state::setting_up && flow.setup->method == method_name(two_factor_method::email);
}

setup_step turn_on(const user& account, const two_factor_setup_record& setup, std::optional<std::int64_t> totp_step,
                   const client_info& client, const setup_secrets& secrets, timestamp now) {
  change_set changes;
  changes.guards.push_back(setup_finish{.user_id = account.id});
  changes.two_factor.methods_put.push_back(two_factor_record{.user_id = account.id,
                                                             .method = setup.method,
                                                             .sealed_secret = setup.sealed_secret,
                                                             .last_totp_step = totp_step,
                                                             .enabled_at = now,
                                                             .backup_codes_downloaded_at = std::nullopt});
  changes.two_factor.backup_code_sets.push_back(secrets.hashed_backup_codes);
  changes.audit_events.push_back(event(audit::two_factor_enabled, account, client, now, {{"method", setup.method}}));
  changes.trust.end_all(account.id);  // a new method: trust given under an older one ends
  return {.outcome = two_factor_turned_on{.method = parse_method(setup.method).value_or(two_factor_method::app),
                                          .backup_codes = secrets.backup_codes},
          .changes = std::move(changes)};
}

}  // namespace

two_factor_setup_flow setup_flow_of(const std::optional<two_factor_record>& method,
                                    std::optional<two_factor_setup_record> setup, timestamp now) {
  if (method) return {.state = setup_state::on, .setup = std::nullopt};
  if (!setup || setup->expires_at <= now) return {.state = setup_state::off, .setup = std::nullopt};
  return {.state = setup_state::setting_up, .setup = std::move(setup)};
}

setup_step start_email_setup(const two_factor_setup_flow& flow, const user& account, const client_info& client,
                             const setup_secrets& secrets, timestamp now) {
  if (flow.state == setup_state::on) return {.outcome = two_factor_already_on{}, .changes = {}};
  if (setting_up_by_email(flow)) {
    const otp::countdown_state countdown{flow.setup->last_sent_at};
    if (!countdown.can_resend(now)) return {.outcome = setup_resend_too_soon{.wait = countdown.seconds_left(now)}, .changes = {}};
  }
  change_set changes;
  changes.two_factor.setups_put.push_back(two_factor_setup_record{
      .user_id = account.id,
      .method = std::string(method_name(two_factor_method::email)),
      .sealed_secret = {},
      .email_code = secrets.email_code_hash,
      .last_sent_at = now,
      .attempts = 0,
      .expires_at = now + email_setup_lifetime,
  });
  changes.mail.push_back(code_mail(code_mail_kind::setup, account, secrets.email_code, email_setup_lifetime, now));
  changes.audit_events.push_back(event(audit::two_factor_setup_started, account, client, now, {{"method", "email"}}));
  return {.outcome = email_setup_started{.email_hint = email_hint(account.email),
                                         .resend_in = otp::countdown_state{now}.seconds_left(now),
                                         .expires_in = email_setup_lifetime},
          .changes = std::move(changes)};
}

setup_step start_app_setup(const two_factor_setup_flow& flow, const user& account, const client_info& client,
                           const setup_secrets& secrets, timestamp now) {
  if (flow.state == setup_state::on) return {.outcome = two_factor_already_on{}, .changes = {}};
  const otp::otpauth_key key{.issuer = issuer_of(account), .account = account.email, .secret = secrets.totp_secret};
  auto uri = otp::build_otpauth_uri(key);
  if (!uri) throw std::logic_error("otpauth URI for " + account.email + ": " + std::string(otp::error_code(uri.error())));
  app_setup_started started{.secret = otp::base32_encode(secrets.totp_secret),
                            .secret_text = {},
                            .otpauth_uri = *std::move(uri),
                            .issuer = key.issuer,
                            .account = key.account};
  started.secret_text = otp::group_secret_for_reading(started.secret);
  change_set changes;
  changes.two_factor.setups_put.push_back(two_factor_setup_record{
      .user_id = account.id,
      .method = std::string(method_name(two_factor_method::app)),
      .sealed_secret = secrets.sealed_totp_secret,
      .email_code = std::nullopt,
      .last_sent_at = std::nullopt,
      .attempts = 0,
      .expires_at = now + app_setup_lifetime,
  });
  changes.audit_events.push_back(event(audit::two_factor_setup_started, account, client, now, {{"method", "app"}}));
  return {.outcome = std::move(started), .changes = std::move(changes)};
}

setup_step confirm_setup(const two_factor_setup_flow& flow, const user& account, const client_info& client,
                         const confirmation& code, const setup_secrets& secrets, timestamp now) {
  if (flow.state == setup_state::on) return {.outcome = two_factor_already_on{}, .changes = {}};
  if (flow.state == setup_state::off || !code.claimed) return {.outcome = no_setup_in_progress{}, .changes = {}};
  const auto& setup = *flow.setup;
  if (code.right) return turn_on(account, setup, code.totp_step, client, secrets, now);
  const int attempts_left = std::max(0, max_setup_attempts - (setup.attempts + 1));
  change_set changes;
  if (attempts_left == 0) changes.two_factor.setups_ended.push_back(account.id);
  changes.audit_events.push_back(event(audit::two_factor_setup_failed, account, client, now,
                                       {{"method", setup.method}, {"attempts_left", attempts_left}}));
  return {.outcome = setup_code_rejected{.attempts_left = attempts_left}, .changes = std::move(changes)};
}

}  // namespace twofold::server
