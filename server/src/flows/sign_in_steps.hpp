#pragma once
// The sign-in flow's steps (sign_in_flow.hpp has the flow, its states and
// its outcomes): each a pure function of (flow, input, facts the service read
// before, secrets it drew, now) to an outcome and the change set that makes
// it so. Nothing here reads storage, the clock or a random generator.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "account/sign_in_origin.hpp"
#include "auth/password_hasher.hpp"
#include "auth/sessions.hpp"
#include "flows/sign_in_flow.hpp"
#include "storage/change_set.hpp"

namespace twofold::server {

// One step: what happened, and what storage must write for it (in one
// transaction; guards included).
struct sign_in_step {
  sign_in_outcome outcome;
  change_set changes;
};

// Randomness a step may use, drawn by the service for every step.
struct sign_in_secrets {
  session_token flow;             // a new flow's cookie
  session_token session;          // a new session's cookie
  session_token trusted_browser;  // a trusted browser's cookie
  std::string sent_code;          // six digits, for email or SMS
  code_hash sent_code_hash;       // its keyed hash (server_key)
};

// ── The password ────────────────────────────────────────────────────────────

struct password_attempt {
  client_info client;
  std::optional<session_token_hash> previous_session;  // ends with any right password (rotation)
  std::optional<i18n::language> language;              // chosen at the sign-in page: the session's
  // Binding an external account: the bind flow, which a right password ends,
  // and the account, which the session links.
  std::optional<session_token_hash> bind_flow;
  std::optional<external_account> external;
};

// What the typed company and account led to, read before deciding.
struct password_facts {
  std::optional<row_id> company_id;
  std::optional<row_id> user_id;
  std::optional<user> account;  // when the company and the account exist
  password_check check = password_check::wrong;
  std::optional<std::string> rehashed;  // the password hashed anew, when `check` asked for it
  std::optional<two_factor_method> method;  // the account's 2FA
  std::optional<std::string> phone;         // sms: the number codes go to (E.164, opened)
  std::optional<row_id> trusted_browser;    // this browser's trust lets the account skip the code
  origin_facts origin;                      // where it comes from, as the account knows it
  code_send_history_record code_sends;      // a right password: the account's codes sent in the last hour
};

// Too many failures from this address or for this account: nothing checked.
// Audited once per back-off window: by the refusal that opened it
// (`opened_window`, the row's tally key), with a count the throttle
// completes when the window ends.
[[nodiscard]] sign_in_step password_throttled(const password_attempt& attempt, const password_facts& facts,
                                              std::chrono::seconds wait,
                                              const std::optional<std::string>& opened_window, timestamp now);

[[nodiscard]] sign_in_step submit_password(const password_attempt& attempt, const password_facts& facts,
                                           const sign_in_secrets& secrets, const session_policy& sessions,
                                           timestamp now);

// Whether the first factor alone is not enough for an account with `method`:
// the company's rules for this origin and this browser's trust.
[[nodiscard]] bool second_factor_needed(const user& account, const std::optional<two_factor_method>& method,
                                        const origin_facts& origin, bool trusted_browser);

// A blocked device or location (blocked_by) refuses the sign-in with the
// answer of a wrong password, and the person hears of it.
[[nodiscard]] sign_in_step refuse_blocked_origin(const user& account, const origin_facts& origin,
                                                 blocked_origin blocked, timestamp now);

// The first factor is proven (a right password, or an external account
// linked to the user): what the person proved it with and what it brings.
struct first_factor {
  client_info client;
  std::optional<i18n::language> language;  // chosen at the sign-in page: the session's
  std::optional<external_account> external;  // to link once signed in
  std::optional<std::string> phone;          // sms: the number codes go to (E.164, opened)
  std::optional<two_factor_method> method;   // the account's 2FA
  bool second_factor_needed = false;
  bool by_password = true;                   // false: single sign-on
  std::optional<row_id> trusted_browser;     // stood in for the second factor
  bool rehashed = false;
  std::string provider;                      // single sign-on: whose ("google", ...)
  origin_facts origin;
  // A password sign-in: the account's codes sent in the last hour, which
  // limit the sign-ins it may leave waiting (code_send_limit.hpp).
  std::optional<code_send_history_record> code_sends;
};

// The external account becomes `account`'s, only while it is nobody's (a
// guard); told to the person by mail, audited.
void link_external_account(change_set& changes, const user& account, const external_account& external,
                           const client_info& client, timestamp now);

// What comes after the first factor: the second factor, a new password
// (a temporary one was typed), the 2FA setup, or a session. A password
// sign-in that would leave one more sign-in waiting beyond the account's
// limit is answered as throttled, and nothing is written.
[[nodiscard]] sign_in_step after_first_factor(change_set changes, const user& account, const first_factor& proof,
                                              const sign_in_secrets& secrets, const session_policy& sessions,
                                              timestamp now);

// ── The second factor ───────────────────────────────────────────────────────

struct code_submission {
  client_info client;
  std::string_view kind;  // "code" | "backup_code", for the audit trail
  bool remember = false;  // "Don't ask again for N days"
};

// A code sent to a locked account is not evaluated, but it is recorded.
[[nodiscard]] sign_in_step refuse_while_locked(const sign_in_flow& flow, const user& account,
                                               const code_submission& code, account_locked lock, timestamp now);

// Before a code is looked at: the account's lock, and whether "remember"
// may be asked. Empty when the code is to be claimed and checked.
[[nodiscard]] std::optional<sign_in_step> precheck_code(const sign_in_flow& flow, const user& account,
                                                        const code_submission& code, timestamp now);

// Attempt number `attempt` (claimed in storage) with the guard that consumes
// the code when it is right (`use`), or none when it is wrong (the rejection
// alone: reject_code adds the lock).
[[nodiscard]] sign_in_step submit_code(const sign_in_flow& flow, const user& account, const code_submission& code,
                                       int attempt, const std::optional<guard>& use, const origin_facts& origin,
                                       const sign_in_secrets& secrets, const session_policy& sessions,
                                       timestamp now);

// No attempt was left to claim: the account is locked, or its last attempt
// is being evaluated by a parallel request right now. Either way the code's
// verdict does not count; in a row it would have found the account locked, so it is
// answered with the lock (`account_now`: the account read again, holding the
// lock if it was taken; else the lock the company's rule would set).
[[nodiscard]] sign_in_step refuse_unclaimed(const sign_in_flow& flow, const user& account,
                                            const std::optional<user>& account_now, const code_submission& code,
                                            timestamp now);

// A wrong code: its rejection (always written) and, when the lockout's rule
// says attempt number `attempt` locks, the lock that follows in its own
// transaction. Parallel attempts have distinct numbers, so one request alone
// locks.
struct wrong_code_steps {
  sign_in_step rejected;
  std::optional<sign_in_step> lock;
};
[[nodiscard]] wrong_code_steps reject_code(const sign_in_flow& flow, const user& account, const code_submission& code,
                                           int attempt, const origin_facts& origin, timestamp now);

// The wrong code that locks (the verdict's `locks`): the lock (a guard that
// holds only while the failures still stand at the limit), the flow ended,
// the mail, the audit event.
[[nodiscard]] sign_in_step lock_account(const sign_in_flow& flow, const user& account, const code_submission& code,
                                        timestamp now);

// The lock's guard did not hold: a right code in parallel forgot the
// failures first. The wrong code is rejected with what the account (read
// again, `account_now`) has left, without a warning.
[[nodiscard]] sign_in_outcome lock_not_taken(const std::optional<user>& account_now, timestamp now);

// ── Resend and cancel ───────────────────────────────────────────────────────

// `phone`: for sms, the account's number (E.164, opened); `code_sends`: the
// account's codes sent in the last hour (beyond the limit: too soon).
[[nodiscard]] sign_in_step resend_code(const sign_in_flow& flow, const user& account,
                                       const std::optional<std::string>& phone, const client_info& client,
                                       const sign_in_secrets& secrets, const code_send_history_record& code_sends,
                                       timestamp now);

// The person gives up at the code page: the flow ends; back to password.
[[nodiscard]] sign_in_step cancel(const sign_in_flow& flow, const user& account, const client_info& client,
                                  timestamp now);

// ── Binding an external account ─────────────────────────────────────────────

// A bind answered with another company's account: the same answer as a wrong
// password, the reason in the audit trail.
[[nodiscard]] sign_in_step bind_company_refused(const password_attempt& attempt, const password_facts& facts,
                                                timestamp now);

// The bind is cancelled: its flow ends, nothing is linked; back to password.
[[nodiscard]] sign_in_step cancel_bind(const sign_in_flow& flow, const client_info& client, timestamp now);

// ── The new password ────────────────────────────────────────────────────────

struct new_password_facts {
  field_errors errors;             // the new password's validation, and same_password
  std::string hash;                // the new password hashed, when there is no error
  bool has_two_factor = false;     // for setup_required
  std::string sign_in_link;        // for the "password changed" mail
  origin_facts origin;
};

[[nodiscard]] sign_in_step submit_new_password(const sign_in_flow& flow, const user& account,
                                               const new_password_facts& facts, const sign_in_secrets& secrets,
                                               const session_policy& sessions, timestamp now);

}  // namespace twofold::server
