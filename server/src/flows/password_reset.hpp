#pragma once
// Forgot password as an explicit flow (like sign_in_flow.hpp): a value with a
// state, its expiry and what it allows, and pure steps from (flow, input,
// facts, now) to (next flow, outcome, change set); password_reset_service
// loads, advances, applies.
//
//   requested ──resolve: an enabled account──> link_sent ──new password──> done
//       │                                          │  ├─ invalid new password ──> link_sent (field errors)
//       └─ resolve: unknown / disabled ──> not_sent │  ├─ the token's expiry ─────> expired
//          (only the audit event)                   │  └─ used, or a newer link ─> used
//                                                   └─ (a link unknown to storage is `used`)
//
// A link lives 30 minutes (forgot_password_link_lifetime; an administrator's
// 24 h): its expiry is the token's. Only link_sent accepts a new password.
// done: every session, sign-in flow and token of the user ends; nobody is
// signed in; the next sign-in asks for the second factor as before.
//
//   request(company, account) ──throttled?──yes──> reset_throttled{retry_after}
//      │no ──> one forgot-password request enqueued (requested), answered at
//      │       once: the same storage calls and the same one write whether or
//      │       not the account exists, so the time to answer tells nothing
//   resolve(request), off the request path (password_reset_worker.hpp)
//      ├─ an enabled account ──> a reset token (30 min) replaces earlier
//      │                         ones; the link is mailed (outbox); audited
//      └─ none / disabled ─────> only the audit event
//      and the request is deleted, in the same transaction
//   reset(token, new password)
//      ├─ invalid new password ──> field errors (the token is kept)
//      ├─ unknown / used / expired token ──> reset_link_invalid
//      └─ ok ──> password_changed(), "your password was changed" mail, audited.
// The token is used by a guard in the same transaction as the new password,
// so two requests racing with one link change the password once.
//
// Requests are throttled per client address and per (company, account) as
// typed, counted whether or not the account exists, so the limit itself
// tells nothing; sign-in has its own throttle, so these never slow it down.
#include <chrono>
#include <string>
#include <string_view>
#include <variant>

#include "account/client_info.hpp"
#include "account/user.hpp"
#include "auth/session_token.hpp"
#include "storage/change_set.hpp"
#include "twofold/security/backoff.hpp"
#include "twofold/validation/field_error.hpp"
#include "twofold/validation/sign_in_form.hpp"

namespace twofold::server {

class storage;
class clock;
class password_hasher;
class password_blocklist;
class public_links;
class sign_in_throttle;

// Every request counts as a failure, and free_failures are let through
// before the first wait: three requests per account, ten per address, then
// a minute's wait doubling up to an hour; forgotten after a quiet hour.
inline constexpr backoff_policy forgot_account_backoff{.free_failures = 2,
                                                       .base_delay = std::chrono::seconds{60},
                                                       .max_delay = std::chrono::seconds{60 * 60},
                                                       .forget_after = std::chrono::seconds{60 * 60}};
inline constexpr backoff_policy forgot_address_backoff{.free_failures = 9,
                                                       .base_delay = std::chrono::seconds{60},
                                                       .max_delay = std::chrono::seconds{60 * 60},
                                                       .forget_after = std::chrono::seconds{60 * 60}};

// A typed company and account, normalized by the core's sign-in rules.
struct forgot_request {
  std::string company;
  std::string account;
  account_kind kind = account_kind::username;
};

struct reset_requested {};
struct reset_throttled {
  std::chrono::seconds retry_after{0};
};
using forgot_outcome = std::variant<reset_requested, reset_throttled>;

struct password_reset_done {
  row_id user_id = 0;
};
struct reset_link_invalid {};
using reset_outcome = std::variant<password_reset_done, reset_link_invalid, field_errors>;

// A mailed link: its token's hash, whose password it sets.
struct reset_link {
  session_token_hash id{};
  row_id user_id = 0;
};

enum class reset_state {
  requested,  // a forgot-password request is queued, not yet resolved
  link_sent,  // a link was mailed; it sets a new password until expires_at
  not_sent,   // nobody to send a link to (unknown or disabled): the audit trail alone knows
  done,       // the new password is set
  expired,    // the link outlived its token
  used,       // the link was used, replaced by a newer one, or never was one
};

// "requested" | "link_sent" | "not_sent" | "done" | "expired" | "used"
[[nodiscard]] std::string_view state_name(reset_state state);

struct password_reset_flow {
  reset_state state = reset_state::requested;
  std::optional<reset_link> link;  // link_sent, done, expired: the mailed link
  timestamp expires_at{};          // link_sent, expired: the token's expiry
};

// What the flow allows: a new password, only in link_sent.
[[nodiscard]] bool accepts_new_password(const password_reset_flow& flow);

// The flow a stored token stands for at `now`: link_sent until the token's
// expiry, then expired; a token of another purpose, or none (used, replaced,
// never sent), is used.
[[nodiscard]] password_reset_flow reset_flow_of(const std::optional<password_token_record>& token, timestamp now);

// The account a forgot-password request names, when it may get a link
// (exists and is enabled); and the ids found, for the audit trail.
struct forgot_facts {
  std::optional<row_id> company_id;
  std::optional<row_id> user_id;
  std::optional<user> account;
};

// A step that only writes: the next flow and its change set.
struct reset_flow_step {
  password_reset_flow flow;
  change_set changes;
};

// The one write of an accepted request, whoever it names: the request,
// queued for password_reset_worker. The flow starts: requested.
[[nodiscard]] reset_flow_step enqueue_reset_request(const forgot_request& form, const client_info& client,
                                                    timestamp now);

// requested -> link_sent (an account that may have a link) or not_sent.
// `token` and `link` (its URL) are made whether or not they are written.
[[nodiscard]] reset_flow_step request_reset(const password_reset_flow& flow, const forgot_facts& facts,
                                            const session_token& token, std::string_view link,
                                            const client_info& client, timestamp now);

// request_reset for a queued request (requested), which it deletes
// (reset_request_finish): the change set fails when another worker took
// the request over.
[[nodiscard]] reset_flow_step resolve_reset_request(const password_reset_request_record& request,
                                                    const forgot_facts& facts, const session_token& token,
                                                    std::string_view link, timestamp now);

struct new_password {
  field_errors errors;       // the new password's validation
  std::string hash;          // hashed, when there is no error
  std::string sign_in_link;  // for the "password changed" mail
};

struct reset_step {
  password_reset_flow flow;
  reset_outcome outcome;
  change_set changes;
};

// link_sent -> done, for the link's account (`account`: as stored now, none
// when it is gone; a disabled one gets no new password). Anything else is
// reset_link_invalid, and the flow stays where it is; field errors keep
// link_sent.
[[nodiscard]] reset_step reset_password(const password_reset_flow& flow, const std::optional<user>& account,
                                        const new_password& password, const client_info& client, timestamp now);

// The done step's guard did not hold: another request used the link first.
[[nodiscard]] reset_step link_used_first(const password_reset_flow& flow);

class password_reset_service {
 public:
  // `throttle`: this service's own (forgot_address_backoff, forgot_account_backoff).
  // `blocklist`: what a new password may not be (auth/new_password_check.hpp).
  password_reset_service(storage& store, const clock& clk, const password_hasher& hasher, sign_in_throttle& throttle,
                         const public_links& links, const password_blocklist& blocklist);

  // Enqueues the request (or refuses it, throttled); resolve() does the rest.
  [[nodiscard]] forgot_outcome request(const forgot_request& form, const client_info& client);
  // Looks the request's account up and applies resolve_reset_request.
  // False when another worker resolved it first (its lease had ended).
  bool resolve(const password_reset_request_record& request);
  // `token`: the link's value as typed (base64url, 43 characters).
  [[nodiscard]] reset_outcome reset(std::string_view token, std::string_view new_password, const client_info& client);

 private:
  storage& store_;
  const clock& clock_;
  const password_hasher& hasher_;
  sign_in_throttle& throttle_;
  const public_links& links_;
  const password_blocklist& blocklist_;
};

}  // namespace twofold::server
