#pragma once
// The writes that one decision produces (a sign-in: a new session, the old one
// deleted, maybe a rehashed password, an audit event), handed to
// storage::apply as data so they land together in one transaction or not at all.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "storage/records.hpp"
#include "storage/two_factor_records.hpp"
#include "storage/trusted_browser_records.hpp"

namespace twofold::server {

struct password_change {
  row_id user_id = 0;
  std::string password_hash;
};

struct session_touch {
  session_token_hash token_hash{};
  timestamp last_seen_at{};
};

// Sessions past their absolute expiry, or unused for idle_timeout, at `now`.
struct expired_sessions {
  timestamp now{};
  std::chrono::seconds idle_timeout{};
};

// Guards: conditional writes, checked first. When one finds its row not in
// the state it expects, the whole change set is rolled back and
// storage::apply returns false. They make "use once" and "at most N
// attempts" hold under concurrent requests and across server processes.
//
// One more second-factor code for a user: counted only while the user is
// not locked and has had fewer than max_failures wrong codes (an expired
// timed lock is cleared first).
struct code_attempt {
  row_id user_id = 0;
  int max_failures = 0;
  timestamp now{};
};
// One more attempt at a setup in progress: attempts < max_attempts and not expired at `now`.
struct setup_attempt {
  row_id user_id = 0;
  int max_attempts = 0;
  timestamp now{};
};
// An unused backup code becomes used.
struct backup_code_use {
  row_id user_id = 0;
  int number = 0;
  timestamp used_at{};
};
// A TOTP time step later than any accepted before becomes the last one used.
struct totp_step_use {
  row_id user_id = 0;
  std::int64_t step = 0;
};
// A new email code for a pending sign-in, only while the last one sent is
// still `previous_sent_at` (two resends at once send one code) and it has not expired.
struct second_step_resend {
  session_token_hash token_hash{};
  std::optional<timestamp> previous_sent_at;
  code_hash email_code{};
  timestamp now{};
  timestamp expires_at{};
};
// The pending sign-in still exists, and is deleted: it yields one session only.
struct second_step_finish {
  session_token_hash token_hash{};
};
// The setup in progress still exists, and is deleted.
struct setup_finish {
  row_id user_id = 0;
};

using guard = std::variant<code_attempt, setup_attempt, backup_code_use, totp_step_use, second_step_resend,
                           second_step_finish, setup_finish>;

// The lockout's writes: a lock, and the end of a lock (or of the failures
// counted so far, after a right code).
struct account_lock {
  row_id user_id = 0;
  timestamp locked_at{};
  std::optional<timestamp> locked_until;
};
struct company_lock_setting {
  row_id company_id = 0;
  std::optional<int> lock_minutes;  // empty: until an admin unlocks
};

struct backup_codes_download {
  row_id user_id = 0;
  timestamp at{};
};

// Applied in this order: purge, deletions, insertions, touches, password
// changes, two-factor writes (in member order), audit events, mail. Mail is enqueued here rather than sent, so a
// message exists exactly when the change that caused it was committed.
struct change_set {
  std::optional<expired_sessions> purge;
  std::vector<session_token_hash> sessions_to_delete;
  std::vector<session_record> sessions_to_insert;
  std::vector<session_touch> session_touches;
  std::vector<password_change> password_changes;

  std::vector<guard> guards;
  std::optional<timestamp> purge_second_steps;        // those expired at this time
  std::vector<session_token_hash> second_steps_to_delete;
  std::vector<second_step_record> second_steps_to_put;  // insert or replace
  std::vector<row_id> setups_to_delete;
  std::vector<two_factor_setup_record> setups_to_put;  // insert or replace; one per user
  std::vector<row_id> two_factor_to_delete;            // with the user's backup codes
  std::vector<two_factor_record> two_factor_to_put;    // insert or replace; one per user
  std::vector<backup_code_set> backup_code_sets;       // replaces all the user's codes
  std::vector<backup_codes_download> backup_code_downloads;
  std::vector<account_lock> locks;
  std::vector<row_id> lockout_resets;  // failures forgotten, lock lifted
  std::vector<company_lock_setting> lock_settings;
  // Trusted browsers and the 2FA policy, applied after the two-factor
  // writes in this order: policy, company limits, ends, insertions.
  std::vector<company_two_factor_policy> two_factor_policies;
  std::vector<company_trust_limit> company_trust_limits;
  std::vector<trusted_browsers_end> trusted_browsers_to_end;  // see end_trusted_browsers()
  std::vector<trusted_browser_record> trusted_browsers_to_insert;
  std::vector<audit_event_record> audit_events;
  std::vector<outbox_mail_record> mail_to_enqueue;
};

}  // namespace twofold::server
