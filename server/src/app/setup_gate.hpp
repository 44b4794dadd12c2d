#pragma once
// "Require 2FA for all users": while the company requires it and a
// signed-in user has none, their session is in the setup-required state
// (auth/sign_in.hpp) and reaches only what leads to 2FA being on:
//   GET /api/me, POST and DELETE /api/session, /api/session/second-step...,
//   /api/me/two-factor... and /api/me/backup-codes...
// Anything else under /api/ answers 403 two_factor_setup_required. The state
// is read from the database at each request rather than kept in the
// session, so it starts when an administrator turns the switch on and ends
// the moment the user's 2FA is on.
#include <optional>
#include <string_view>

#include "app/http_types.hpp"
#include "account/user.hpp"

namespace twofold::server {

class storage;
class session_service;

// Whether `method path` stays reachable in the setup-required state.
[[nodiscard]] bool reachable_during_setup(std::string_view method, std::string_view path);

// Where the web app sends a user who must set 2FA up first.
inline constexpr std::string_view two_factor_setup_home = "/profile/";

// Marks a {"user","home"} answer as setup-required: home becomes the
// Security settings and "two_factor_setup_required": true is added.
void mark_setup_required(http_response& answer);

class setup_gate {
 public:
  setup_gate(storage& store, session_service& sessions) : store_(store), sessions_(sessions) {}

  [[nodiscard]] bool setup_required(const user& account) const;

  // The 403 refusing the request, when its session is in the setup-required
  // state and the path is not reachable from it; empty otherwise.
  [[nodiscard]] std::optional<http_response> refusal(const http_request& request, std::string_view path) const;

 private:
  storage& store_;
  session_service& sessions_;
};

}  // namespace twofold::server
