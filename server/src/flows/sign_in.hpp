#pragma once
// The password sign-in flow, apart from HTTP. Input: a form that already
// passed twofold::validate_sign_in. Output: a value saying what happened.
//
//   throttled? ──yes──> sign_in_throttled{retry_after}
//      │no
//   find company, then account (by username or email)
//      │
//   verify the password (a dummy hash when nothing was found: equal work)
//      ├─ no match / disabled ──> sign_in_denied{reason}   + failure recorded
//      ├─ match, account locked by wrong codes ──> sign_in_locked (lockout.hpp)
//      ├─ match, 2FA on, this browser trusted for the user
//      │      (two_factor/trusted_browsers.hpp) ──> signed_in{second_step_skipped}
//      ├─ match, 2FA on ──> second_step_required{user, pending sign-in}
//      │                    (two_factor/second_step.hpp; same transaction
//      │                    rules as below, a pending sign-in instead of a session)
//      ├─ match, temporary password ──> password_change_required{user, step}
//      │                    (auth/new_password_step.hpp; a new password first)
//      ├─ match, no 2FA, the company requires it ──> two_factor_setup_required
//      │                    {user, new token}: a session that reaches only the
//      │                    2FA setup until 2FA is on (app/setup_gate.hpp)
//      └─ match ──> signed_in{user, new token}
//                   in one transaction: new session, the request's previous
//                   session deleted (rotation), expired sessions purged,
//                   the password rehashed if its parameters are outdated,
//                   the audit event
//
// Every outcome writes an audit event. The denial reason is for the audit
// trail and logs only: the HTTP answer is the same for all of them.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "account/client_info.hpp"
#include "flows/new_password_step.hpp"
#include "auth/session_token.hpp"
#include "auth/sessions.hpp"
#include "account/user.hpp"
#include "flows/second_step.hpp"
#include "two_factor/trusted_browsers.hpp"
#include "twofold/validation/sign_in_form.hpp"

namespace twofold::server {

class storage;
class clock;
class password_hasher;
class sign_in_throttle;

struct sign_in_attempt {
  sign_in_validation form;  // validated: form.ok() holds
  client_info client;
  std::optional<session_token_hash> previous_session;  // from the request's cookie
  std::optional<std::string> trusted_browser;           // the trusted-browser cookie's value
};

enum class denial_reason { unknown_company, unknown_account, wrong_password, disabled };

[[nodiscard]] std::string_view reason_code(denial_reason reason);

struct signed_in {
  user account;
  session_token token;
  bool password_rehashed = false;
  bool second_step_skipped = false;  // 2FA on, and the browser was trusted
};

// The password was right, the company requires 2FA and the user has none:
// signed in, but only to set it up.
struct two_factor_setup_required {
  user account;
  session_token token;
  bool password_rehashed = false;
};

struct sign_in_denied {
  denial_reason reason;
  std::optional<row_id> company_id;
  std::optional<row_id> user_id;
};

struct sign_in_throttled {
  std::chrono::seconds retry_after;
};

struct second_step_required {
  user account;
  second_step_started pending;
  bool password_rehashed = false;
};

// The password was right, but wrong codes locked the account. Said only
// after a right password, so it tells nothing to someone without it.
struct sign_in_locked {
  user account;
  account_locked lock;
};

using sign_in_outcome = std::variant<signed_in, second_step_required, two_factor_setup_required, sign_in_locked,
                                     sign_in_denied, sign_in_throttled, password_change_required>;

class sign_in_service {
 public:
  sign_in_service(storage& store, const clock& clk, const password_hasher& hasher, sign_in_throttle& throttle,
                  second_step_service& second_steps, session_policy sessions);

  [[nodiscard]] sign_in_outcome sign_in(const sign_in_attempt& attempt);

 private:
  struct candidate;
  [[nodiscard]] candidate find_candidate(const sign_in_validation& form);
  void record_event(audit_event_record event);
  [[nodiscard]] sign_in_outcome complete(const sign_in_attempt& attempt, const candidate& found, bool rehash,
                                         timestamp now);
  [[nodiscard]] change_set password_accepted(const sign_in_attempt& attempt, const candidate& found, bool rehash);
  // Adds a new session and the success's audit event to `changes`, applies them.
  // A temporary password: the sign-in goes on to a new password first (auth/new_password_step.hpp).
  [[nodiscard]] sign_in_outcome new_password_first(change_set& changes, const sign_in_attempt& attempt, user account,
                                                   timestamp now);
  [[nodiscard]] session_token open_session(change_set& changes, const sign_in_attempt& attempt, const user& account,
                                           const nlohmann::json& detail, timestamp now);

  storage& store_;
  const clock& clock_;
  const password_hasher& hasher_;
  sign_in_throttle& throttle_;
  second_step_service& second_steps_;
  session_policy sessions_;
  trusted_browsers trusted_{store_};
};

}  // namespace twofold::server
