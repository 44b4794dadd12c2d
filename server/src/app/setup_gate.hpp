#pragma once
// "Require 2FA for all users": while the company requires it and a
// signed-in user has none, their session is in the setup-required state
// (flows/sign_in_flow.hpp) and reaches only the routes that lead to 2FA
// being on (marked during_setup::allowed in the route table: GET /api/me,
// the sign-in's own routes, /api/me/two-factor... and /api/me/backup-codes...).
// Anything else under /api/ answers 403 two_factor_setup_required (the
// router). The state is read from the database at each request rather than
// kept in the session, so it starts when an administrator turns the switch
// on and ends the moment the user's 2FA is on.
#include <string_view>

#include "account/user.hpp"
#include "app/http_types.hpp"

namespace twofold::server {

class storage;

// Where the web app sends a user who must set 2FA up first.
inline constexpr std::string_view two_factor_setup_home = "/profile/";

// Marks a {"user","home"} answer as setup-required: home becomes the
// Security settings and "two_factor_setup_required": true is added.
void mark_setup_required(http_response& answer);

class setup_gate {
 public:
  explicit setup_gate(storage& store) : store_(store) {}

  [[nodiscard]] bool setup_required(const user& account) const;

 private:
  storage& store_;
};

}  // namespace twofold::server
