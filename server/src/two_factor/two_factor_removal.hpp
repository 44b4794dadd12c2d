#pragma once
// What turning a user's 2FA off removes, whoever does it (the user in their
// Security settings, or an administrator for a user who lost every factor):
// the method, the backup codes, a setup in progress, every pending sign-in,
// an administrator's one-time code and every trusted browser. The caller adds its own audit event
// and mail and applies the change set.
#include "storage/change_set.hpp"

namespace twofold::server {

void add_two_factor_removal(change_set& changes, row_id user_id);

}  // namespace twofold::server
