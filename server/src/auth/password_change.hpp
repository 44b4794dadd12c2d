#pragma once
// The one place where a password changes. Every path that sets a password
// (a reset link, the new password after a temporary one, an administrator's
// reset) builds its change through password_changed(), so whatever a new
// password must end is ended in one spot, in the same transaction:
//  - every session and every pending sign-in of the user (the caller may
//    add a new session after: storage signs out before it inserts);
//  - every password token of the user (earlier reset links, a pending
//    new-password step);
//  - every trusted browser of the user (two_factor/trusted_browsers.hpp)
//    and an administrator's one-time code.
// Nothing here signs anyone in or touches two-factor authentication: a reset
// password still needs the second factor at the next sign-in.
#include <string>

#include "storage/change_set.hpp"

namespace twofold::server {

// `password_hash`: a crypto_pwhash_str string; `must_change`: the next
// sign-in must choose a new password first (a temporary password).
[[nodiscard]] change_set password_changed(row_id user_id, std::string password_hash, bool must_change);

}  // namespace twofold::server
