#include "flows/two_factor_setup_service.hpp"

#include "runtime/clock.hpp"
#include "storage/storage.hpp"
#include "two_factor/code_check.hpp"
#include "two_factor/random_secrets.hpp"
#include "two_factor/server_key.hpp"

namespace twofold::server {

two_factor_setup_service::two_factor_setup_service(storage& store, const clock& clk, const server_key& key)
    : store_(store), clock_(clk), key_(key) {}

two_factor_setup_flow two_factor_setup_service::load(row_id user_id, timestamp now) {
  return setup_flow_of(store_.find_two_factor(user_id), store_.find_two_factor_setup(user_id), now);
}

setup_secrets two_factor_setup_service::draw_secrets(row_id user_id, timestamp now) const {
  setup_secrets secrets{.email_code = new_email_code(),
                        .email_code_hash = {},
                        .totp_secret = new_totp_secret(),
                        .sealed_totp_secret = {},
                        .backup_codes = {.codes = new_backup_codes(), .created_at = now},
                        .hashed_backup_codes = {}};
  secrets.email_code_hash = key_.hash_code(server_key::code_purpose::email_code, user_id, secrets.email_code);
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

// Claims an attempt on the setup (a guard), then checks the code.
confirmation two_factor_setup_service::check(const two_factor_setup_flow& flow, const user& account,
                                             std::string_view digits, timestamp now) {
  confirmation code;
  if (flow.state != setup_state::setting_up) return code;
  change_set claim;
  claim.guards.push_back(setup_attempt{.user_id = account.id, .max_attempts = max_setup_attempts, .now = now});
  code.claimed = store_.apply(claim);
  if (!code.claimed) return code;
  const auto& setup = *flow.setup;
  if (setup.method == method_name(two_factor_method::app)) {
    code.totp_step = matching_totp_step(key_, setup.sealed_secret, digits, now, std::nullopt);
    code.right = code.totp_step.has_value();
  } else {
    code.right = email_code_matches(key_, account.id, setup.email_code, digits);
  }
  return code;
}

setup_outcome two_factor_setup_service::confirm(const user& account, std::string_view digits,
                                                const client_info& client) {
  const timestamp now = clock_.now();
  const auto flow = load(account.id, now);
  const auto code = check(flow, account, digits, now);
  auto step = confirm_setup(flow, account, client, code, draw_secrets(account.id, now), now);
  if (!store_.apply(step.changes)) return no_setup_in_progress{};  // a parallel confirmation won
  return std::move(step.outcome);
}

setup_outcome two_factor_setup_service::apply(setup_step step) {
  store_.apply(step.changes);
  return std::move(step.outcome);
}

}  // namespace twofold::server
