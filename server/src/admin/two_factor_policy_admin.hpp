#pragma once
// What an administrator decides about 2FA for their company (Global
// Settings > Security): the 2FA policy, "Require 2FA for all users", and
// ending an agent's trusted browsers. Callers pass a signed-in administrator;
// everything stays inside that administrator's company.
//
// Trust the new policy no longer allows ends in the same transaction as the
// change: every login ends all trust in the company; a shorter period ends
// trust older than it and shortens the rest to it (no trust outlives the
// period in force). A longer period leaves existing trust as it was given.
#include <variant>

#include <nlohmann/json.hpp>

#include "account/client_info.hpp"
#include "account/user.hpp"
#include "account/two_factor_policy.hpp"
#include "twofold/validation/field_error.hpp"

namespace twofold::server {

class storage;
class clock;

// The policy part of PUT /api/admin/security on top of `current`:
// "two_factor_policy": {"skip_days": null | 14 | 30 | 60 | 90} and
// "require_two_factor": true | false, each optional (absent: unchanged).
[[nodiscard]] std::variant<two_factor_policy, field_errors> parse_two_factor_policy(const nlohmann::json& body,
                                                                                   const two_factor_policy& current);

// {"two_factor_policy": {"skip_days": ...}, "require_two_factor": ...}, merged into `body`.
void add_two_factor_policy_json(nlohmann::json& body, const two_factor_policy& policy);

class two_factor_policy_admin {
 public:
  two_factor_policy_admin(storage& store, const clock& clk) : store_(store), clock_(clk) {}

  [[nodiscard]] two_factor_policy policy(const user& admin);
  // Writes nothing when `next` is the policy in force.
  void change(const user& admin, const two_factor_policy& next, const client_info& client);

  // Ends every trusted browser of a user of the administrator's company;
  // false when the user is not in it.
  [[nodiscard]] bool revoke_trusted_browsers(const user& admin, row_id user_id, const client_info& client);

 private:
  storage& store_;
  const clock& clock_;
};

}  // namespace twofold::server
