#pragma once
// The 2FA setup flow (two_factor_setup.hpp) against storage: load the user's
// method and setup (their SMS numbers opened), draw the secrets, check a
// step-up where the flow needs one, advance, apply.
#include <optional>
#include <string>
#include <string_view>

#include "flows/two_factor_setup.hpp"

namespace twofold::server {

class storage;
class clock;
class server_key;
class step_up_check;

class two_factor_setup_service {
 public:
  two_factor_setup_service(storage& store, const clock& clk, const server_key& key, step_up_check& step_up,
                           const origin_finder& origins, std::string security_link);

  [[nodiscard]] setup_outcome start_email(const user& account, const client_info& client);
  [[nodiscard]] setup_outcome start_app(const user& account, const client_info& client);
  // `e164`: the number as the core normalized it; `password`: the step-up's,
  // needed when the number replaces one that is on.
  [[nodiscard]] setup_outcome start_sms(const active_session& session, std::string_view e164,
                                        const std::optional<std::string>& password, const client_info& client);
  [[nodiscard]] setup_outcome resend_sms(const user& account, const client_info& client);
  // `digits`: six digits, as the core normalized them.
  [[nodiscard]] setup_outcome confirm(const user& account, std::string_view digits, const client_info& client);

 private:
  [[nodiscard]] two_factor_setup_flow load(row_id user_id, timestamp now);
  [[nodiscard]] setup_secrets draw_secrets(row_id user_id, timestamp now) const;
  [[nodiscard]] confirmation check(const two_factor_setup_flow& flow, const user& account, std::string_view digits,
                                   timestamp now);
  [[nodiscard]] setup_outcome apply(setup_step step);

  storage& store_;
  const clock& clock_;
  const server_key& key_;
  step_up_check& step_up_;
  const origin_finder& origins_;
  std::string security_link_;
};

}  // namespace twofold::server
