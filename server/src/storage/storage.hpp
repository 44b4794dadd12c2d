#pragma once
// What the server needs from a database, and nothing more. sql_storage.hpp
// implements it once for SQL databases, on SQLite (sqlite_storage.hpp) or
// another driver, without the rest of the server noticing, so no backend
// type appears here.
//
// Every method is safe to call from several threads at once. Each write runs
// in one transaction. A failure of the database itself (I/O error, full disk,
// a constraint broken by a bug) is thrown as storage_failure; the application
// answers such a request with 500 and logs it. Nothing else is thrown.
#include <cstddef>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "storage/change_set.hpp"
#include "storage/records.hpp"
#include "storage/throttle_records.hpp"

namespace twofold::server {

class storage_failure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class storage {
 public:
  virtual ~storage() = default;

  // Brings the schema up to the newest numbered migration this build knows;
  // a no-op when it is already there. Throws storage_failure when the
  // database was written by a newer build (its schema is unknown to us).
  virtual void migrate(timestamp now) = 0;
  // The highest migration applied; 0 for an empty database.
  [[nodiscard]] virtual int schema_version() = 0;

  [[nodiscard]] virtual std::optional<company_record> find_company(row_id id) = 0;
  [[nodiscard]] virtual std::optional<company_record> find_company_by_key(std::string_view key) = 0;

  [[nodiscard]] virtual std::optional<user_record> find_user(row_id id) = 0;
  // The user and its company in one query (account/user.hpp load_user).
  [[nodiscard]] virtual std::optional<user_with_company> find_user_with_company(row_id user_id) = 0;
  [[nodiscard]] virtual std::optional<user_record> find_user_by_username(row_id company_id,
                                                                         std::string_view username) = 0;
  [[nodiscard]] virtual std::optional<user_record> find_user_by_email(row_id company_id, std::string_view email) = 0;

  [[nodiscard]] virtual std::optional<session_with_user> find_session(const session_token_hash& token_hash) = 0;
  [[nodiscard]] virtual std::optional<session_record> find_session_by_id(row_id id) = 0;
  // Live sessions (not past `live`'s timeouts) with the device and place
  // they opened from, the newest access first: a user's, and a company's.
  [[nodiscard]] virtual std::vector<session_overview_record> list_sessions(row_id user_id,
                                                                           const expired_sessions& live) = 0;
  [[nodiscard]] virtual session_overview_page list_company_sessions(row_id company_id, const expired_sessions& live,
                                                                    std::int64_t offset, std::int64_t limit) = 0;

  // Where a user signs in from: what is known of this device (its cookie's
  // hash) and place (its key); the user's devices and locations, the last
  // seen first.
  [[nodiscard]] virtual known_origin_record find_known_origin(row_id user_id,
                                                              const std::optional<session_token_hash>& device_hash,
                                                              std::string_view place_key) = 0;
  [[nodiscard]] virtual std::vector<device_record> list_devices(row_id user_id) = 0;
  [[nodiscard]] virtual std::vector<location_record> list_locations(row_id user_id) = 0;

  // The company's users ordered by display name, `limit` from `offset`.
  // `search` (may be empty) matches display name, username or email,
  // case-insensitively for ASCII, as a plain substring (no wildcards).
  [[nodiscard]] virtual user_page_record list_users(row_id company_id, std::string_view search, std::int64_t offset,
                                                    std::int64_t limit) = 0;

  // The company's audit events matching `query`, newest first, `limit` from `offset`.
  [[nodiscard]] virtual audit_page_record list_audit_events(row_id company_id, const audit_query_record& query,
                                                            std::int64_t offset, std::int64_t limit) = 0;

  // The company's sign-ins and failures per hour (hours without any left out).
  [[nodiscard]] virtual std::vector<activity_hour_record> count_activity(row_id company_id,
                                                                        const activity_query_record& query) = 0;

  // The codes sent (and sign-ins left waiting) for the user after `since`.
  [[nodiscard]] virtual code_send_history_record code_sends_since(row_id user_id, timestamp since) = 0;

  // Deletes the audit events written before `before`; returns how many.
  virtual std::int64_t delete_audit_events_before(timestamp before) = 0;
  // Deletes the sessions expired at `expired.now`; returns how many.
  virtual std::int64_t delete_expired_sessions(const expired_sessions& expired) = 0;
  // Deletes the messages of both outboxes sent before `before`; returns how many.
  virtual std::int64_t delete_sent_messages_before(timestamp before) = 0;
  // Deletes the trusted browsers whose trust ended by `now`; returns how many.
  virtual std::int64_t delete_ended_trusted_browsers(timestamp now) = 0;

  // Whether any company exists (a fresh database has none).
  [[nodiscard]] virtual bool has_companies() = 0;

  // Creates the company and its users only when the database holds no company
  // yet (checked inside the same transaction). Returns whether it did.
  virtual bool create_first_company(const company_record& company, const std::vector<user_record>& users) = 0;

  // The operator's commands (server/src/operator): every company, oldest
  // first, with its head counts; a new company with its first administrator
  // (`admin.company_id` is ignored) and, in the same transaction, the change
  // set `then` builds from the new ids (`then` must not call the storage).
  // Empty, with nothing written, when the company's key is taken.
  [[nodiscard]] virtual std::vector<company_overview_record> list_companies() = 0;
  virtual std::optional<created_company> create_company(
      const company_record& company, const user_record& admin,
      const std::function<change_set(const created_company&)>& then) = 0;

  // All of `changes` in one transaction, or none of it. False when one of
  // its guards failed (nothing was written); true when it was committed.
  virtual bool apply(const change_set& changes) = 0;

  // The number of this attempt since the last success or unlock, in
  // [1, max_failures], in one transaction: parallel claims get distinct
  // numbers, so exactly one of them is the last allowed. Empty when refused.
  [[nodiscard]] virtual std::optional<int> claim_code_attempt(const code_attempt& claim) = 0;
  // The same claim and, in its transaction, the change set `then` builds
  // from the attempt's number (`then` may run again, and must not call the
  // storage): a wrong code and its rejection cost one commit. Its guards run
  // read committed, as the claim does, so only those that each write their
  // own row belong in it. Empty, with nothing written, when the claim is
  // refused or a guard failed.
  [[nodiscard]] virtual std::optional<int> claim_code_attempt(const code_attempt& claim,
                                                              const std::function<change_set(int)>& then) = 0;

  // Two-factor authentication: the active method, the setup in progress, the
  // backup codes (empty when the user has none) and a sign-in waiting for a
  // code or a new password.
  [[nodiscard]] virtual std::optional<two_factor_record> find_two_factor(row_id user_id) = 0;
  [[nodiscard]] virtual std::optional<two_factor_setup_record> find_two_factor_setup(row_id user_id) = 0;
  [[nodiscard]] virtual std::optional<backup_code_set> find_backup_codes(row_id user_id) = 0;
  [[nodiscard]] virtual std::optional<sign_in_flow_record> find_sign_in_flow(const session_token_hash& token_hash) = 0;

  // Administrators' one-time sign-in codes: the user's (expired or not), and
  // those of a company's users still valid at `now`, by user id.
  [[nodiscard]] virtual std::optional<admin_code_record> find_admin_code(row_id user_id) = 0;
  [[nodiscard]] virtual std::vector<admin_code_record> list_admin_codes(row_id company_id, timestamp now) = 0;
  // Password recovery: the token with this hash (any purpose, expired or not).
  [[nodiscard]] virtual std::optional<password_token_record> find_password_token(
      const session_token_hash& token_hash) = 0;
  // Inserts `user` into its company (user.company_id) and, in the same
  // transaction, the change set `then` builds from the new user's id (its
  // guards included; `then` must not call the storage). Empty, with nothing
  // written, when the username or email is taken in that company or a guard failed.
  virtual std::optional<row_id> create_user(const user_record& user,
                                            const std::function<change_set(row_id)>& then) = 0;
  // Trusted browsers (written through change_set): the one with this token
  // hash, and a user's, newest first. Expired ones may still be listed.
  [[nodiscard]] virtual std::optional<trusted_browser_record> find_trusted_browser(
      const session_token_hash& token_hash) = 0;
  [[nodiscard]] virtual std::vector<trusted_browser_record> list_trusted_browsers(row_id user_id) = 0;

  // Single sign-on: a company's providers (every kind it configured), the
  // user an external account is linked to, a user's links, and a sign-in
  // sent to a provider by the hash of its state (used or not).
  [[nodiscard]] virtual std::vector<sso_provider_record> list_sso_providers(row_id company_id) = 0;
  [[nodiscard]] virtual std::optional<sso_identity_record> find_sso_identity(std::string_view issuer,
                                                                             std::string_view subject) = 0;
  [[nodiscard]] virtual std::vector<sso_identity_record> list_sso_identities(row_id user_id) = 0;
  [[nodiscard]] virtual std::optional<sso_start_record> find_sso_start(const session_token_hash& state_hash) = 0;

  // The mail outbox. Messages enter it through change_set::mail.
  //
  // Up to `limit` unsent messages due at `now`, the earliest due, oldest
  // first, each claimed by `claimer` (a sender's identity,
  // mail/outbox_claimer.hpp) until `lease_until`: not claimed again before
  // then, so two senders, on this server or another, never deliver one
  // message at once (parallel claims get disjoint messages), and a message
  // whose sender died is taken over once the lease runs out.
  [[nodiscard]] virtual std::vector<outbox_mail_record> claim_due_mail(timestamp now, std::size_t limit,
                                                                       std::string_view claimer,
                                                                       timestamp lease_until) = 0;
  // When the earliest unsent message is due; empty when nothing is left to send.
  [[nodiscard]] virtual std::optional<timestamp> next_mail_due() = 0;
  // Whoever holds its claim now: it was delivered.
  virtual void mark_mail_sent(row_id id, timestamp sent_at) = 0;
  // At start: the messages `claimer` held in its previous life (waiting for
  // a retry it scheduled, or leased to a delivery that process died in)
  // become due at `now`; other claimers' stay as they are. A restart is when
  // an operator has fixed the mail settings, so waiting on is no use.
  virtual void release_unsent_mail(std::string_view claimer, timestamp now) = 0;
  // Counts one failed attempt, keeps `error` for the operator and schedules
  // the next attempt, only while `claimer` still holds the claim: a sender
  // whose lease ran out leaves alone a message another has taken over.
  virtual void record_mail_failure(row_id id, std::string_view claimer, std::string_view error,
                                   timestamp next_attempt_at) = 0;

  // The SMS outbox (change_set::sms), the same way. Marked sent, a message
  // keeps neither its number nor its text.
  [[nodiscard]] virtual std::vector<outbox_sms_record> claim_due_sms(timestamp now, std::size_t limit,
                                                                     std::string_view claimer,
                                                                     timestamp lease_until) = 0;
  [[nodiscard]] virtual std::optional<timestamp> next_sms_due() = 0;
  virtual void mark_sms_sent(row_id id, timestamp sent_at) = 0;
  virtual void release_unsent_sms(std::string_view claimer, timestamp now) = 0;
  virtual void record_sms_failure(row_id id, std::string_view claimer, std::string_view error,
                                  timestamp next_attempt_at) = 0;

  // Forgot-password requests (entered through change_set::reset_requests;
  // a resolved one is deleted by its reset_request_finish guard): deletes
  // those requested before `stale_before` (nobody waits for that link any
  // more), then up to `limit` whose lease has ended at `now`, oldest first,
  // each leased until `lease_until` by a conditional update, so two workers
  // never hold one, and one whose worker died is taken up once its lease ends.
  [[nodiscard]] virtual std::vector<password_reset_request_record> claim_reset_requests(timestamp now,
                                                                                       std::size_t limit,
                                                                                       timestamp lease_until,
                                                                                       timestamp stale_before) = 0;

  // What waits in each outbox, for /metrics.
  [[nodiscard]] virtual outbox_backlog_record mail_backlog() = 0;
  [[nodiscard]] virtual outbox_backlog_record sms_backlog() = 0;

  // Throttles (storage/throttle_records.hpp): `step` decides from the
  // records at `slots`, and what it returns is written, in one transaction,
  // so parallel steps, on this server or another, each see those before.
  // A record new to its table trims the table to its bounds; the windows of
  // the records dropped end, their counts written with the step's.
  virtual void update_throttle(const std::vector<throttle_slot>& slots, timestamp now, const throttle_step& step) = 0;
  // The records at `slots` (empty where none), in their order; read only.
  [[nodiscard]] virtual std::vector<std::optional<throttle_record>> find_throttle_records(
      const std::vector<throttle_slot>& slots) = 0;
  [[nodiscard]] virtual std::size_t count_throttle_records(std::string_view table) = 0;

  // The server key's fingerprint (two_factor/server_key_check.hpp): records
  // `fingerprint` when the database holds none yet, in one statement (two
  // servers starting at once agree on one), and returns the one it holds.
  [[nodiscard]] virtual std::string claim_server_key_fingerprint(std::string_view fingerprint, timestamp now) = 0;

  // Whether the database can serve requests now (/readyz): reachable, and
  // writable within a short wait. Empty when it can; otherwise the problem,
  // for the operator's log. Takes at most about a second.
  [[nodiscard]] virtual std::optional<std::string> readiness_problem() = 0;

 protected:
  storage() = default;
  storage(const storage&) = default;
  storage& operator=(const storage&) = default;
};

}  // namespace twofold::server
