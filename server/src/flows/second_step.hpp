#pragma once
// The second step of signing in: after a correct password, a user with 2FA
// gets a pending sign-in (not a session), named by a random token in its own
// cookie, and proves the second factor to turn it into a session.
//
//   password ok ──begin──> pending ──verify(right code)──> signed_in (new session token), or
//                            │                            password_change_required (a temporary
//                            │                            password: auth/new_password_step.hpp)
//                            │  ▲
//                            │  └─resend (email, 60 s apart) : new code replaces the old
//                            ├─verify(wrong code) ──> pending, one attempt fewer for the account
//                            ├─5th wrong code for the account ──> account locked (lockout.hpp), gone
//                            └─cancel / 10 minutes ──> gone (sign in again)
//
// A right code with "remember" also trusts the browser when the company's
// policy lets this user skip the code (trusted_browsers.hpp); asked under a
// policy that does not, the request is refused before any code is checked.
//
// Accepted: the method's code (email code: 10 minutes, once; TOTP: RFC 6238
// ±1 step, never a step already used), an unused backup code, or in the
// same field an administrator's one-time code (30 minutes, once). Each check
// first claims an attempt on the account in storage (a guard), so parallel
// requests from any number of browsers evaluate max_code_failures codes at
// most; a code is consumed by a guard in the same transaction as the new
// session, so it yields one session at most.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "account/client_info.hpp"
#include "flows/new_password_step.hpp"
#include "auth/session_token.hpp"
#include "auth/sessions.hpp"
#include "account/user.hpp"
#include "storage/change_set.hpp"
#include "account/two_factor_method.hpp"
#include "two_factor/trusted_browsers.hpp"

namespace twofold::server {

class storage;
class clock;
class server_key;

inline constexpr std::chrono::seconds second_step_lifetime{10 * 60};  // also an email code's

// What the code page shows.
struct second_step_view {
  two_factor_method method = two_factor_method::app;
  std::string email_hint;  // email only: "a***@acme.example"
  std::chrono::seconds resend_in{0};
  std::chrono::seconds expires_in{0};
  int attempts_left = 0;
  std::optional<int> remember_days;  // "Don't ask again for N days" is offered: N
};

struct second_step_started {
  session_token token;  // for the second-step cookie
  second_step_view view;
};

// The typed answer, already normalized by the core (code_format.hpp, backup_codes.hpp).
struct typed_code {
  std::string digits;
};
struct typed_backup_code {
  std::string canonical;
};
using second_factor_answer = std::variant<typed_code, typed_backup_code>;

struct second_step_signed_in {
  user account;
  session_token token;
  bool backup_code_used = false;
  std::optional<trusted_browser_granted> trusted_browser;  // when asked to remember the browser
};
struct remember_not_allowed {};  // the policy asks for a code at every login
struct code_rejected {
  int attempts_left = 0;
};
struct account_locked {
  std::chrono::seconds remaining{0};  // a timed lock's rest; zero: until an admin unlocks
};
struct second_step_gone {};  // none, cancelled, expired or out of attempts
struct not_email_method {};
struct resend_too_soon {
  std::chrono::seconds wait{0};
};

using verify_outcome =
    std::variant<second_step_signed_in, code_rejected, account_locked, second_step_gone, password_change_required,
                 remember_not_allowed>;

// How a lock that holds at `now` looks to the user; empty when the account is open.
[[nodiscard]] std::optional<account_locked> lock_of(const user& account, timestamp now);
using resend_outcome = std::variant<second_step_view, second_step_gone, not_email_method, resend_too_soon>;

// "alice@acme.example" -> "a***@acme.example"
[[nodiscard]] std::string email_hint(std::string_view email);

class second_step_service {
 public:
  second_step_service(storage& store, const clock& clk, const server_key& key, session_policy sessions);

  // Adds the pending sign-in (and, for email, the code mail and its audit
  // event) to `changes`, which the caller applies with the rest of the sign-in.
  [[nodiscard]] second_step_started begin(change_set& changes, const user& account, two_factor_method method,
                                          const client_info& client, timestamp now);

  [[nodiscard]] std::optional<second_step_view> view(std::string_view cookie_value);
  // `remember`: trust this browser after a right code ("Don't ask again").
  [[nodiscard]] verify_outcome verify(std::string_view cookie_value, const second_factor_answer& answer,
                                      const client_info& client, bool remember = false);
  [[nodiscard]] resend_outcome resend(std::string_view cookie_value, const client_info& client);
  void cancel(std::string_view cookie_value, const client_info& client);

 private:
  struct pending;
  [[nodiscard]] std::optional<pending> find(std::string_view cookie_value, timestamp now);
  [[nodiscard]] std::optional<guard> code_guard(const pending& found, const second_factor_answer& answer,
                                                timestamp now);
  [[nodiscard]] verify_outcome reject(const pending& found, int attempt, const client_info& client,
                                      std::string_view kind, timestamp now);
  [[nodiscard]] verify_outcome lock(const pending& found, const client_info& client, timestamp now);
  [[nodiscard]] verify_outcome refused_claim(const pending& found, const client_info& client, timestamp now);
  [[nodiscard]] verify_outcome refused_while_locked(const pending& found, const account_locked& lock,
                                                    const client_info& client, timestamp now);
  [[nodiscard]] verify_outcome accept(const pending& found, guard use, int attempt, const client_info& client,
                                      std::string_view kind, bool remember, timestamp now);

  storage& store_;
  const clock& clock_;
  const server_key& key_;
  session_policy sessions_;
  trusted_browsers trusted_{store_};
};

}  // namespace twofold::server
