#include "auth/password_change.hpp"


namespace twofold::server {

change_set password_changed(row_id user_id, std::string password_hash, bool must_change) {
  change_set changes;
  changes.passwords.hashes.push_back({.user_id = user_id, .password_hash = std::move(password_hash)});
  changes.passwords.must_change.push_back({.user_id = user_id, .must_change = must_change});
  changes.sessions.users_signed_out.push_back(user_id);
  changes.passwords.tokens_ended_for.push_back(user_id);
  changes.two_factor.admin_codes_ended.push_back(user_id);  // help given for the old password
  changes.trust.end_all(user_id);
  return changes;
}

}  // namespace twofold::server
