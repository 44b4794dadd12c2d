#include "two_factor/two_factor_removal.hpp"

#include "two_factor/trusted_browsers.hpp"

namespace twofold::server {

void add_two_factor_removal(change_set& changes, row_id user_id) {
  changes.two_factor_to_delete.push_back(user_id);  // with the backup codes
  changes.setups_to_delete.push_back(user_id);
  // A pending sign-in would come back to life if the same method were set up again.
  changes.user_second_steps_to_delete.push_back(user_id);
  changes.admin_codes_to_delete.push_back(user_id);
  end_trusted_browsers(changes, user_id);
}

}  // namespace twofold::server
