#include "auth/password_change.hpp"


namespace twofold::server {

change_set password_changed(row_id user_id, std::string password_hash, bool must_change) {
  change_set changes;
  changes.password_changes.push_back({.user_id = user_id, .password_hash = std::move(password_hash)});
  changes.must_change_password.push_back({.user_id = user_id, .must_change = must_change});
  changes.signed_out_everywhere.push_back(user_id);
  changes.password_tokens_to_end.push_back(user_id);
  changes.admin_codes_to_delete.push_back(user_id);  // help given for the old password
  changes.trusted_browsers_to_end.push_back({.user_id = user_id, .id = std::nullopt});
  return changes;
}

}  // namespace twofold::server
