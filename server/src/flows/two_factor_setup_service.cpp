#include "flows/two_factor_setup_service.hpp"

#include <utility>

#include "account/audit.hpp"
#include "auth/step_up.hpp"
#include "runtime/clock.hpp"
#include "storage/storage.hpp"
#include "two_factor/code_check.hpp"
#include "two_factor/random_secrets.hpp"
#include "two_factor/server_key.hpp"
#include "two_factor/sms_number.hpp"

namespace twofold::server {

two_factor_setup_service::two_factor_setup_service(storage& store, const clock& clk, const server_key& key,
                                                   step_up_check& step_up, const origin_finder& origins,
                                                   std::string security_link)
    : store_(store),
      clock_(clk),
      key_(key),
      step_up_(step_up),
      origins_(origins),
      security_link_(std::move(security_link)) {}

two_factor_setup_flow two_factor_setup_service::load(row_id user_id, timestamp now) {
  auto flow = setup_flow_of(store_.find_two_factor(user_id), store_.find_two_factor_setup(user_id), now);
  if (flow.method) flow.phone = open_phone(key_, flow.method->sealed_phone);
  if (flow.setup) flow.setup_phone = open_phone(key_, flow.setup->sealed_phone);
  return flow;
}

setup_secrets two_factor_setup_service::draw_secrets(row_id user_id, timestamp now) const {
  setup_secrets secrets{.sent_code = new_sent_code(),
                        .sent_code_hash = {},
                        .totp_secret = new_totp_secret(),
                        .sealed_totp_secret = {},
                        .backup_codes = {.codes = new_backup_codes(), .created_at = now},
                        .hashed_backup_codes = {}};
  secrets.sent_code_hash = key_.hash_code(server_key::code_purpose::sent_code, user_id, secrets.sent_code);
  secrets.sealed_totp_secret = key_.seal(secrets.totp_secret);
  secrets.hashed_backup_codes = hashed_backup_codes(key_, user_id, secrets.backup_codes.codes, now);
  return secrets;
}

setup_outcome two_factor_setup_service::start_email(const user& account, const client_info& client) {
  const timestamp now = clock_.now();
  return apply(start_email_setup(load(account.id, now), account, client, draw_secrets(account.id, now), now));
}

setup_outcome two_factor_setup_service::start_app(const user& account, const client_info& client) {
  const timestamp now = clock_.now();
  return apply(start_app_setup(load(account.id, now), account, client, draw_secrets(account.id, now), now));
}

setup_outcome two_factor_setup_service::start_sms(const active_session& session, std::string_view e164,
                                                  const std::optional<std::string>& password,
                                                  const client_info& client) {
  const timestamp now = clock_.now();
  const auto& account = session.account;
  const auto flow = load(account.id, now);
  step_up_result step_up{.outcome = step_up_outcome::allowed};
  if (changes_number(flow)) {
    step_up = step_up_.check(session, password, client, now);
    if (step_up.outcome == step_up_outcome::password_rejected) {
      change_set failed;
      failed.audit_events.push_back(audit_event(audit::step_up_failed, client, now, account.company_id, account.id,
                                                {{"for", "phone_change"}}));
      store_.apply(failed);
    }
  }
  const new_phone_number number{.e164 = std::string(e164), .sealed = seal_phone(key_, e164)};
  return apply(start_sms_setup(flow, account, number, step_up, client, draw_secrets(account.id, now), now));
}

setup_outcome two_factor_setup_service::resend_sms(const user& account, const client_info& client) {
  const timestamp now = clock_.now();
  return apply(resend_sms_code(load(account.id, now), account, client, draw_secrets(account.id, now), now));
}

// Claims an attempt on the setup (a guard), then checks the code.
confirmation two_factor_setup_service::check(const two_factor_setup_flow& flow, const user& account,
                                             std::string_view digits, timestamp now) {
  confirmation code;
  if (!flow.setup) return code;
  change_set claim;
  claim.guards.push_back(setup_attempt{.user_id = account.id, .max_attempts = max_setup_attempts, .now = now});
  code.claimed = store_.apply(claim);
  if (!code.claimed) return code;
  const auto& setup = *flow.setup;
  if (setup.method == method_name(two_factor_method::app)) {
    code.totp_step = matching_totp_step(key_, setup.sealed_secret, digits, now, std::nullopt);
    code.right = code.totp_step.has_value();
  } else {
    code.right = sent_code_matches(key_, account.id, setup.sent_code, digits);
  }
  return code;
}

setup_outcome two_factor_setup_service::confirm(const user& account, std::string_view digits,
                                                const client_info& client) {
  const timestamp now = clock_.now();
  const auto flow = load(account.id, now);
  const auto code = check(flow, account, digits, now);
  auto step = confirm_setup(flow, account, {.origin = origins_.find(client), .security_link = security_link_}, code,
                            draw_secrets(account.id, now), now);
  if (!store_.apply(step.changes)) return no_setup_in_progress{};  // a parallel confirmation won
  return std::move(step.outcome);
}

setup_outcome two_factor_setup_service::apply(setup_step step) {
  store_.apply(step.changes);
  return std::move(step.outcome);
}

}  // namespace twofold::server
