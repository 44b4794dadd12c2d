#pragma once
// The 2FA setup flow (two_factor_setup.hpp) against storage: load the user's
// method and setup, draw the secrets, advance, apply.
#include <string_view>

#include "flows/two_factor_setup.hpp"

namespace twofold::server {

class storage;
class clock;
class server_key;

class two_factor_setup_service {
 public:
  two_factor_setup_service(storage& store, const clock& clk, const server_key& key);

  [[nodiscard]] setup_outcome start_email(const user& account, const client_info& client);
  [[nodiscard]] setup_outcome start_app(const user& account, const client_info& client);
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
};

}  // namespace twofold::server
