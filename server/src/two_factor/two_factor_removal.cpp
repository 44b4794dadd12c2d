#include "two_factor/two_factor_removal.hpp"

#include "two_factor/trusted_browsers.hpp"

namespace twofold::server {

void add_two_factor_removal(change_set& changes, row_id user_id) {
  changes.two_factor.methods_removed.push_back(user_id);  // with the backup codes
  changes.two_factor.setups_ended.push_back(user_id);
  // A pending sign-in would come back to life if the same method were set up again.
  changes.sign_in_flows.ended_for_users.push_back(user_id);
  changes.two_factor.admin_codes_ended.push_back(user_id);
  changes.trust.end_all(user_id);
}

}  // namespace twofold::server
