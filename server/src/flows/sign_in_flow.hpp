#pragma once
// Signing in, as one explicit flow (the models: Kratos's login flow,
// Kanidm's credential state machine). A flow is a value with a state, an
// expiry and the methods it still allows; its steps (sign_in_steps.hpp) are
// pure functions from (flow, input, facts, secrets, now) to one of the
// outcomes below and a change set; sign_in_service loads, advances, applies.
//
//  password ─ wrong / unknown / disabled ───────────────────────> password (denied: one answer)
//     │      throttled ─────────────────────────────────────────> password (wait)
//     │ right
//     ├─ account locked by wrong codes ─────────────────────────> password (denied: the same answer)
//     ├─ second factor needed ─> second_factor
//     │                            ├─ wrong code, k left (warns at 2, 1) ─> second_factor
//     │                            ├─ wrong code, none left ────────────> locked
//     │                            ├─ resend (email, sms; 60 s apart) ──> second_factor
//     │                            ├─ cancel / 10 minutes ──────────────> password
//     │                            └─ right code ─┐
//     └─ not needed (no 2FA, or a trusted browser) ┤
//                                                  ├─ temporary password ─> new_password ─ valid ─┐
//                                                  └───────────────────────────────────────────────┤
//                                                   ├─ no 2FA, the company requires it ─> setup_required
//                                                   └────────────────────────────────────> signed_in
//
// second_factor and new_password are stored (sign_in_flow_record), named by
// a random token (only its SHA-256 kept) in the sign-in cookie, and live
// sign_in_flow_lifetime from the password: moving on replaces the token.
// setup_required and signed_in open a session; locked ends the flow.
//
// Single sign-on starts a flow from an external identity (a `bind` state
// asking for the account's password once). Whether the second factor is asked
// depends on the company's rules and the sign-in's origin (a new device, a new
// location: second_factor_needed()); a blocked origin is denied like a wrong
// password.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "account/client_info.hpp"
#include "account/two_factor_method.hpp"
#include "account/user.hpp"
#include "auth/session_token.hpp"
#include "two_factor/trusted_browsers.hpp"
#include "twofold/security/lockout.hpp"
#include "twofold/validation/field_error.hpp"

namespace twofold::server {

enum class sign_in_state {
  password,        // nothing proven: the sign-in page
  bind,            // an external account (single sign-on) known to nobody yet: the account's password once
  second_factor,   // the password was right; a code is asked
  new_password,    // a temporary password: a new one is chosen first
  setup_required,  // signed in, to set up 2FA only (app/setup_gate.hpp)
  signed_in,       // signed in
  locked,          // wrong codes locked the account
};

// "password" | "bind" | "second_factor" | "new_password" | "setup_required" | "signed_in" | "locked"
[[nodiscard]] std::string_view state_name(sign_in_state state);

// From the right password; a resend does not extend it. Also a sent code's life.
inline constexpr std::chrono::seconds sign_in_flow_lifetime{10 * 60};

// An external account met at single sign-on, linked to the user when the
// flow that carries it signs in.
struct external_account {
  std::string provider;       // "google" | "microsoft" | "oidc"
  std::string provider_name;  // as the buttons say it: "Google", "Office 365", the generic one's name
  std::string issuer;
  std::string subject;
  std::string email;  // as the provider vouched for it; empty when it did not
  std::string name;

  friend bool operator==(const external_account&, const external_account&) = default;
};

// A flow waiting for the person: in bind, second_factor or new_password.
struct sign_in_flow {
  session_token_hash id{};  // SHA-256 of the cookie's token
  sign_in_state state = sign_in_state::second_factor;
  std::optional<row_id> user_id;  // empty in bind: no account yet
  row_id company_id = 0;
  two_factor_method method = two_factor_method::app;  // second_factor: the method asked for
  std::optional<code_hash> sent_code;                 // email and sms: the code last sent
  std::optional<timestamp> last_sent_at;              // email and sms: when
  timestamp created_at{};
  timestamp expires_at{};
  client_info started_by;
  std::optional<i18n::language> language;  // chosen at the sign-in page: the session's
  std::optional<external_account> external;  // single sign-on: to link once signed in
};

[[nodiscard]] sign_in_flow_record to_record(const sign_in_flow& flow);
// Empty when the record holds a state or method this build does not know.
[[nodiscard]] std::optional<sign_in_flow> to_flow(const sign_in_flow_record& record);

// Where a stored flow stands at `now`: its own state until it expires, then
// back to password (an expired flow is as good as none).
[[nodiscard]] sign_in_state state_at(const sign_in_flow& flow, timestamp now);

// Where a stored flow stands at `now` for its account: state_at, except that
// a second factor is over once wrong codes locked the account (the page and
// a resend then meet the lock).
[[nodiscard]] sign_in_state state_for(const sign_in_flow& flow, const user& account, timestamp now);

// Whether a waiting flow may still go on for its account as the account is
// now: enabled, and still what the flow was started for (a temporary
// password in new_password; in second_factor, `method` the stored 2FA method
// and the same one the flow asks for: turned off or changed, start again).
[[nodiscard]] bool still_fits(const sign_in_flow& flow, const user& account,
                              const std::optional<two_factor_method>& method);

// What a waiting flow allows next: its methods ("email", "app" or "sms" and
// "backup_code" in second_factor, "password" in bind and new_password).
[[nodiscard]] std::vector<std::string_view> methods_of(const sign_in_flow& flow);

// What the code page shows.
struct second_step_view {
  two_factor_method method = two_factor_method::app;
  std::string sent_to;  // email and sms: where the code went, masked: "a***@acme.example", "+44 ••• ••• 0123"
  std::chrono::seconds resend_in{0};
  std::chrono::seconds expires_in{0};
  int attempts_left = 0;
  std::optional<int> remember_days;  // "Don't ask again for N days" is offered: N
};

// `phone`: for sms, the account's number (E.164), shown masked.
[[nodiscard]] second_step_view view_of(const sign_in_flow& flow, const user& account,
                                       const std::optional<std::string>& phone, timestamp now);

[[nodiscard]] std::chrono::seconds seconds_until(timestamp end, timestamp now);

// ── Outcomes ────────────────────────────────────────────────────────────────

struct signed_in {
  user account;
  session_token session;
  bool setup_required = false;  // state setup_required rather than signed_in
  bool password_rehashed = false;
  bool second_step_skipped = false;  // a trusted browser stood in for the code
  std::optional<trusted_browser_granted> trusted_browser;
};
// The flow waits in second_factor or new_password; `cookie` is set when the
// flow has a new token (a new flow, or the next state of one).
struct flow_waiting {
  user account;
  sign_in_flow flow;
  second_step_view view;  // second_factor: the code page; new_password: expires_in
  std::optional<session_token> cookie;
  bool password_rehashed = false;
};
// Every reason gets the same answer; the audit trail keeps which it was.
// `locked`: the right password for an account locked by wrong codes. It is
// answered as a wrong password, or the lock would tell a guesser when he has it.
enum class denial_reason { unknown_company, unknown_account, wrong_password, disabled, locked, blocked_device, blocked_location };
struct sign_in_denied {
  denial_reason reason = denial_reason::wrong_password;
};
struct sign_in_throttled {
  std::chrono::seconds retry_after{0};
};
struct account_locked {
  std::chrono::seconds remaining{0};  // a timed lock's rest; zero: until an admin unlocks
};
struct code_rejected {
  int attempts_left = 0;
  bool warn = false;  // the lock is near (lockout.hpp's verdict)
};
struct flow_gone {};              // none, cancelled, expired, or the account changed since
struct remember_not_allowed {};   // "Don't ask again" under a policy that asks every time
struct nothing_to_resend {};  // the code comes from an app
struct resend_too_soon {
  std::chrono::seconds wait{0};
};

using sign_in_outcome = std::variant<signed_in, flow_waiting, sign_in_denied, sign_in_throttled, account_locked,
                                     code_rejected, flow_gone, remember_not_allowed, nothing_to_resend,
                                     resend_too_soon, field_errors>;

// The state the person is in after `outcome`, as the API answers it.
// `from`: the state the step was taken in; a refused password leaves the
// person there (the sign-in page, or the bind that still waits).
[[nodiscard]] sign_in_state state_after(const sign_in_outcome& outcome, sign_in_state from = sign_in_state::password);

[[nodiscard]] std::string_view reason_code(denial_reason reason);  // for the audit trail and logs

// How a lock that holds at `now` looks to the person; empty when the account is open.
[[nodiscard]] std::optional<account_locked> lock_of(const user& account, timestamp now);

}  // namespace twofold::server
