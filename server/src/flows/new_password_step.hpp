#pragma once
// The "must change password" state of signing in. An account with a
// temporary password (set by an administrator) that passes every check of
// sign-in (password, then the second factor if it has one) gets this step
// instead of a session:
//
//   password ok ─(2FA: second step ok)─ must_change_password? ─no──> session
//                                          │yes
//                                          v
//        new-password step (cookie twofold_new_password, 10 minutes)
//            ├─ an invalid password, or the temporary one again ──> step, errors
//            ├─ a valid new password ──> session; flag cleared; every other
//            │                           session and token of the user ends
//            └─ 10 minutes / sign-in again ──> gone
//
// The temporary password is not asked again: the step itself proves it was
// just typed. The step's token is used by a guard in the same transaction as
// the new password and the session, so it yields one session at most.
#include <chrono>
#include <string_view>
#include <variant>

#include "account/client_info.hpp"
#include "auth/session_token.hpp"
#include "auth/sessions.hpp"
#include "account/user.hpp"
#include "storage/change_set.hpp"
#include "twofold/validation/field_error.hpp"

namespace twofold::server {

class storage;
class clock;
class password_hasher;
class public_links;

struct password_change_started {
  session_token token;  // for the new-password cookie
  std::chrono::seconds expires_in{0};
};

// A sign-in outcome (auth/sign_in.hpp, two_factor/second_step.hpp).
struct password_change_required {
  user account;
  password_change_started pending;
};

// Adds the step's token to `changes`, which the caller applies with the rest
// of the sign-in, and an audit event.
[[nodiscard]] password_change_started begin_new_password_step(change_set& changes, const user& account,
                                                              const client_info& client, timestamp now);

struct new_password_signed_in {
  user account;
  session_token token;
};
struct new_password_step_gone {};
using new_password_outcome = std::variant<new_password_signed_in, new_password_step_gone, field_errors>;

class new_password_step_service {
 public:
  new_password_step_service(storage& store, const clock& clk, const password_hasher& hasher,
                            const public_links& links, session_policy sessions);

  // Seconds left; empty when the cookie names no step in progress.
  [[nodiscard]] std::optional<std::chrono::seconds> view(std::string_view cookie_value);
  [[nodiscard]] new_password_outcome finish(std::string_view cookie_value, std::string_view new_password,
                                            const client_info& client);

 private:
  storage& store_;
  const clock& clock_;
  const password_hasher& hasher_;
  const public_links& links_;
  session_policy sessions_;
};

}  // namespace twofold::server
