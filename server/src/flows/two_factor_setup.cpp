#include "flows/two_factor_setup.hpp"

#include <stdexcept>

#include "account/audit.hpp"
#include "account/product_name.hpp"
#include "two_factor/code_mail.hpp"
#include "two_factor/sent_code.hpp"
#include "twofold/otp/base32.hpp"
#include "twofold/otp/otpauth_uri.hpp"
#include "twofold/otp/resend_countdown.hpp"
#include "twofold/otp/secret_text.hpp"
#include "twofold/phone/phone_number.hpp"

namespace twofold::server {

namespace {

audit_event_record event(std::string_view name, const user& account, const client_info& client, timestamp now,
                         const nlohmann::json& detail = nlohmann::json::object()) {
  return audit_event(name, client, now, account.company_id, account.id, detail);
}

// Issuer "Twofold (Acme)": a person in two companies sees two entries apart.
std::string issuer_of(const user& account) { return std::string(product_name) + " (" + account.company_name + ")"; }

bool setting_up_by(const two_factor_setup_flow& flow, two_factor_method method) {
  return flow.setup && flow.setup->method == method_name(method);
}

// How soon another code may go out for the setup in progress by `method`;
// zero when none was sent or the countdown is over.
std::chrono::seconds resend_wait(const two_factor_setup_flow& flow, two_factor_method method, timestamp now) {
  if (!setting_up_by(flow, method)) return std::chrono::seconds{0};
  const otp::countdown_state countdown{flow.setup->last_sent_at};
  return countdown.can_resend(now) ? std::chrono::seconds{0} : countdown.seconds_left(now);
}

// The masked number, for answers and audit events; "" when there is none.
std::string hint_of(const std::optional<std::string>& phone) {
  return phone ? phone::mask_phone(*phone) : std::string();
}

// A setup waiting for a sent code: the record, the message, the answer.
setup_step send_setup_code(two_factor_setup_record setup, const code_destination& to, const user& account,
                           const nlohmann::json& detail, const client_info& client, const setup_secrets& secrets,
                           timestamp now) {
  setup.sent_code = secrets.sent_code_hash;
  setup.last_sent_at = now;
  setup.expires_at = now + sent_code_setup_lifetime;
  change_set changes;
  changes.two_factor.setups_put.push_back(std::move(setup));
  send_code(changes, to, sent_code_kind::setup, account, secrets.sent_code, sent_code_setup_lifetime, now);
  changes.audit_events.push_back(event(audit::two_factor_setup_started, account, client, now, detail));
  return {.outcome = setup_code_sent{.method = to.method,
                                     .sent_to = destination_hint(to, account),
                                     .resend_in = otp::countdown_state{now}.seconds_left(now),
                                     .expires_in = sent_code_setup_lifetime},
          .changes = std::move(changes)};
}

nlohmann::json enabled_detail(const two_factor_setup_flow& flow) {
  const auto& method = flow.setup->method;
  if (method != method_name(two_factor_method::sms)) return {{"method", method}};
  return {{"method", method}, {"phone", hint_of(flow.setup_phone)}};
}

setup_step turn_on(const two_factor_setup_flow& flow, const user& account, std::optional<std::int64_t> totp_step,
                   const acting_from& from, const setup_secrets& secrets, timestamp now) {
  const auto& client = from.origin.client;
  const auto& setup = *flow.setup;
  change_set changes;
  changes.guards.push_back(setup_finish{.user_id = account.id});
  changes.two_factor.methods_put.push_back(two_factor_record{.user_id = account.id,
                                                             .method = setup.method,
                                                             .sealed_secret = setup.sealed_secret,
                                                             .sealed_phone = setup.sealed_phone,
                                                             .last_totp_step = totp_step,
                                                             .enabled_at = now,
                                                             .backup_codes_downloaded_at = std::nullopt});
  changes.two_factor.backup_code_sets.push_back(secrets.hashed_backup_codes);
  changes.audit_events.push_back(event(audit::two_factor_enabled, account, client, now, enabled_detail(flow)));
  changes.mail.push_back(security_notice(security_notice_kind::two_factor_on, account, from.origin, from.security_link, now));
  changes.trust.end_all(account.id);  // a new method: trust given under an older one ends
  return {.outcome = two_factor_turned_on{.method = parse_method(setup.method).value_or(two_factor_method::app),
                                          .backup_codes = secrets.backup_codes},
          .changes = std::move(changes)};
}

// The SMS method on, with the number just confirmed; its backup codes stay.
setup_step change_number(const two_factor_setup_flow& flow, const user& account, const client_info& client,
                         timestamp now) {
  auto method = *flow.method;
  method.sealed_phone = flow.setup->sealed_phone;
  const std::string before = hint_of(flow.phone);
  const std::string after = hint_of(flow.setup_phone);
  change_set changes;
  changes.guards.push_back(setup_finish{.user_id = account.id});
  changes.two_factor.methods_put.push_back(std::move(method));
  changes.mail.push_back(phone_changed_mail(account, before, after, now));
  changes.audit_events.push_back(
      event(audit::two_factor_phone_changed, account, client, now, {{"phone", after}, {"previous_phone", before}}));
  changes.trust.end_all(account.id);  // a new phone may mean the old one was lost
  return {.outcome = phone_number_changed{.phone_hint = after}, .changes = std::move(changes)};
}

}  // namespace

two_factor_setup_flow setup_flow_of(std::optional<two_factor_record> method,
                                    std::optional<two_factor_setup_record> setup, timestamp now) {
  if (setup && setup->expires_at <= now) setup.reset();
  two_factor_setup_flow flow{.state = setup_state::off,
                             .setup = std::nullopt,
                             .method = std::move(method),
                             .phone = std::nullopt,
                             .setup_phone = std::nullopt};
  const bool sms_on = flow.method && flow.method->method == method_name(two_factor_method::sms);
  if (flow.method) {
    flow.state = sms_on && setup && setup->method == flow.method->method ? setup_state::changing_number : setup_state::on;
  } else if (setup) {
    flow.state = setup_state::setting_up;
  }
  if (flow.state == setup_state::setting_up || flow.state == setup_state::changing_number) flow.setup = std::move(setup);
  return flow;
}

bool changes_number(const two_factor_setup_flow& flow) {
  return flow.method && flow.method->method == method_name(two_factor_method::sms);
}

setup_step start_email_setup(const two_factor_setup_flow& flow, const user& account, const client_info& client,
                             const setup_secrets& secrets, timestamp now) {
  if (flow.method) return {.outcome = two_factor_already_on{}, .changes = {}};
  if (const auto wait = resend_wait(flow, two_factor_method::email, now); wait.count() > 0) {
    return {.outcome = setup_resend_too_soon{.wait = wait}, .changes = {}};
  }
  two_factor_setup_record setup{.user_id = account.id,
                                .method = std::string(method_name(two_factor_method::email)),
                                .sealed_secret = {},
                                .sealed_phone = {},
                                .sent_code = std::nullopt,
                                .last_sent_at = std::nullopt,
                                .attempts = 0,
                                .expires_at = now};
  return send_setup_code(std::move(setup), {.method = two_factor_method::email, .phone = std::nullopt}, account,
                         {{"method", "email"}}, client, secrets, now);
}

setup_step start_app_setup(const two_factor_setup_flow& flow, const user& account, const client_info& client,
                           const setup_secrets& secrets, timestamp now) {
  if (flow.method) return {.outcome = two_factor_already_on{}, .changes = {}};
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
      .sealed_phone = {},
      .sent_code = std::nullopt,
      .last_sent_at = std::nullopt,
      .attempts = 0,
      .expires_at = now + app_setup_lifetime,
  });
  changes.audit_events.push_back(event(audit::two_factor_setup_started, account, client, now, {{"method", "app"}}));
  return {.outcome = std::move(started), .changes = std::move(changes)};
}

setup_step start_sms_setup(const two_factor_setup_flow& flow, const user& account, const new_phone_number& number,
                           const step_up_result& step_up, const client_info& client, const setup_secrets& secrets,
                           timestamp now) {
  if (flow.method && !changes_number(flow)) return {.outcome = two_factor_already_on{}, .changes = {}};
  if (changes_number(flow) && step_up.outcome != step_up_outcome::allowed) {
    return {.outcome = step_up_denied{step_up}, .changes = {}};
  }
  if (const auto wait = resend_wait(flow, two_factor_method::sms, now); wait.count() > 0) {
    return {.outcome = setup_resend_too_soon{.wait = wait}, .changes = {}};
  }
  two_factor_setup_record setup{.user_id = account.id,
                                .method = std::string(method_name(two_factor_method::sms)),
                                .sealed_secret = {},
                                .sealed_phone = number.sealed,
                                .sent_code = std::nullopt,
                                .last_sent_at = std::nullopt,
                                .attempts = 0,
                                .expires_at = now};
  nlohmann::json detail = {{"method", "sms"}, {"phone", phone::mask_phone(number.e164)}};
  if (changes_number(flow)) detail["previous_phone"] = hint_of(flow.phone);
  return send_setup_code(std::move(setup), {.method = two_factor_method::sms, .phone = number.e164}, account, detail,
                         client, secrets, now);
}

setup_step resend_sms_code(const two_factor_setup_flow& flow, const user& account, const client_info& client,
                           const setup_secrets& secrets, timestamp now) {
  if (!setting_up_by(flow, two_factor_method::sms)) return {.outcome = no_setup_in_progress{}, .changes = {}};
  if (const auto wait = resend_wait(flow, two_factor_method::sms, now); wait.count() > 0) {
    return {.outcome = setup_resend_too_soon{.wait = wait}, .changes = {}};
  }
  // The same setup, its attempts counted on: a resend is no new chance to guess.
  return send_setup_code(*flow.setup, {.method = two_factor_method::sms, .phone = flow.setup_phone}, account,
                         {{"method", "sms"}, {"phone", hint_of(flow.setup_phone)}, {"resend", true}}, client, secrets,
                         now);
}

setup_step confirm_setup(const two_factor_setup_flow& flow, const user& account, const acting_from& from,
                         const confirmation& code, const setup_secrets& secrets, timestamp now) {
  const auto& client = from.origin.client;
  if (flow.state == setup_state::on) return {.outcome = two_factor_already_on{}, .changes = {}};
  if (flow.state == setup_state::off || !code.claimed) return {.outcome = no_setup_in_progress{}, .changes = {}};
  const auto& setup = *flow.setup;
  if (code.right) {
    if (flow.state == setup_state::changing_number) return change_number(flow, account, client, now);
    return turn_on(flow, account, code.totp_step, from, secrets, now);
  }
  const int attempts_left = std::max(0, max_setup_attempts - (setup.attempts + 1));
  change_set changes;
  if (attempts_left == 0) changes.two_factor.setups_ended.push_back(account.id);
  changes.audit_events.push_back(event(audit::two_factor_setup_failed, account, client, now,
                                       {{"method", setup.method}, {"attempts_left", attempts_left}}));
  return {.outcome = setup_code_rejected{.attempts_left = attempts_left}, .changes = std::move(changes)};
}

}  // namespace twofold::server
