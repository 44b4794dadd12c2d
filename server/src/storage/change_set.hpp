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

#include "storage/admin_code_record.hpp"
#include "storage/company_records.hpp"
#include "storage/origin_records.hpp"
#include "storage/people_records.hpp"
#include "storage/records.hpp"
#include "storage/sso_records.hpp"
#include "storage/two_factor_records.hpp"
#include "storage/trusted_browser_records.hpp"

namespace twofold::server {

struct password_hash_change {
  row_id user_id = 0;
  std::string password_hash;
};

// The language a session speaks (empty: its user's).
struct session_language_change {
  session_token_hash token_hash{};
  std::optional<std::string> language;  // BCP 47 tag
};

// A user's own choice of language (empty: the company default).
struct user_language_change {
  row_id user_id = 0;
  std::optional<std::string> language;  // BCP 47 tag
};

// A user's time zone for the pages (empty: the browser's).
struct user_time_zone_change {
  row_id user_id = 0;
  std::optional<std::string> time_zone;  // IANA name
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
// A new code (email or SMS) for a sign-in flow, only while the last one sent
// is still `previous_sent_at` (two resends at once send one code) and it has not expired.
struct sign_in_flow_resend {
  session_token_hash token_hash{};
  std::optional<timestamp> previous_sent_at;
  code_hash sent_code{};
  timestamp now{};
  timestamp expires_at{};
};
// The sign-in flow still exists, and is deleted: it yields one session (or
// one next flow) only.
struct sign_in_flow_finish {
  session_token_hash token_hash{};
};
// The setup in progress still exists, and is deleted.
struct setup_finish {
  row_id user_id = 0;
};

// The user's administrator code is still the one with this hash and has not
// expired at `now`, and is deleted: it signs in once.
struct admin_code_use {
  row_id user_id = 0;
  code_hash hash{};
  timestamp now{};
};
// The password token exists for this purpose, has not expired at `now`, and
// is deleted: a reset link is used once.
struct password_token_use {
  session_token_hash token_hash{};
  std::string purpose;
  timestamp now{};
};
// A claimed forgot-password request is still leased until `leased_until`
// (no other worker took it over since), and is deleted: it is resolved once.
struct reset_request_finish {
  row_id id = 0;
  timestamp leased_until{};
};
// Locks a user whose last allowed code was wrong: only while the failures
// still stand at max_failures and no lock is set (a right code in parallel
// may have forgotten them).
struct account_lock {
  row_id user_id = 0;
  int max_failures = 0;
  timestamp locked_at{};
  std::optional<timestamp> locked_until;
};

// A sign-in sent to a provider is used once: unused, not expired at `now`,
// and this browser's (the hash of its binding cookie).
struct sso_start_use {
  session_token_hash state_hash{};
  session_token_hash browser_hash{};
  timestamp now{};
};
// No user has this external account yet: one external account links to one user.
struct identity_free {
  std::string issuer;
  std::string subject;
};

// One more code sent (or sign-in left waiting) for the user, only while
// fewer than `max` were since `since`; older ones are forgotten.
struct code_send {
  row_id user_id = 0;
  int max = 0;
  timestamp since{};
  timestamp now{};
};

using guard = std::variant<setup_attempt, account_lock, backup_code_use, totp_step_use, sign_in_flow_resend,
                           sign_in_flow_finish, setup_finish, admin_code_use, active_admin, person_exists, email_free,
                           password_token_use, sso_start_use, identity_free, code_send, reset_request_finish>;

// The lockout's settings: how a company's locks end.
struct company_lock_setting {
  row_id company_id = 0;
  std::optional<int> lock_minutes;  // empty: until an admin unlocks
};

// Whether the user's next sign-in must choose a new password first.
struct must_change_password_flag {
  row_id user_id = 0;
  bool must_change = false;
};

struct backup_codes_download {
  row_id user_id = 0;
  timestamp at{};
};

// Sessions of one user that end: one by its id; all but `keep`; those
// opened from a device or a location (by the device's or location's id).
struct session_end {
  row_id user_id = 0;
  row_id id = 0;
};
struct other_sessions_end {
  row_id user_id = 0;
  session_token_hash keep{};
};
struct sessions_from_origin_end {
  row_id user_id = 0;
  row_id origin_id = 0;
};

// Each area's writes, applied in the order their members are listed.
struct session_changes {
  // Every session and sign-in flow of these users ends (a new password, a
  // disabled account); sessions opened by the same change set stay.
  std::vector<row_id> users_signed_out;
  std::vector<session_token_hash> ended;
  std::vector<session_end> ended_by_id;
  std::vector<other_sessions_end> others_ended;
  std::vector<sessions_from_origin_end> ended_from_device;
  std::vector<sessions_from_origin_end> ended_from_location;
  std::vector<session_record> opened;
  std::vector<session_touch> touched;
  std::vector<session_language_change> languages;
};

struct sign_in_flow_changes {
  std::optional<timestamp> purge_expired;  // flows expired at this time
  std::vector<session_token_hash> ended;
  std::vector<row_id> ended_for_users;  // every flow of these users
  std::vector<sign_in_flow_record> put;  // insert or replace
};

struct password_changes {
  std::vector<password_hash_change> hashes;
  std::vector<row_id> tokens_ended_for;  // every password token of these users
  std::vector<password_token_record> tokens_put;
  std::vector<must_change_password_flag> must_change;
};

struct two_factor_changes {
  std::vector<row_id> setups_ended;
  std::vector<two_factor_setup_record> setups_put;  // insert or replace; one per user
  std::vector<row_id> methods_removed;              // with the user's backup codes
  std::vector<two_factor_record> methods_put;       // insert or replace; one per user
  std::vector<backup_code_set> backup_code_sets;    // replaces all the user's codes
  std::vector<backup_codes_download> backup_code_downloads;
  std::vector<row_id> admin_codes_ended;             // by user
  std::vector<admin_code_record> admin_codes_put;    // insert or replace; one per user
};

struct lockout_changes {
  std::vector<row_id> resets;  // failures forgotten, lock lifted
  std::vector<company_lock_setting> company_settings;
};

// Trusted browsers and the 2FA policy: policy first, then what the policy
// no longer allows, then single ends, then new trust.
struct trust_changes {
  std::vector<company_two_factor_policy> company_policies;
  std::vector<company_trust_limit> company_limits;
  std::vector<trusted_browsers_end> ended;
  std::vector<trusted_browser_record> added;

  // Ends every trusted browser of the user: whenever their password, 2FA
  // method or backup codes change, in the transaction of the cause.
  void end_all(row_id user_id) { ended.push_back({.user_id = user_id, .id = std::nullopt}); }
};

// A company's single sign-on setting (companies.two_factor_after_sso).
struct company_sso_setting {
  row_id company_id = 0;
  bool two_factor_after_sso = false;
};
struct sso_identity_unlink {
  row_id user_id = 0;
  std::string provider;
};

// Single sign-on: providers configured, sign-ins sent to a provider, links.
struct sso_changes {
  std::optional<timestamp> purge_expired_starts;  // those expired at this time
  std::vector<sso_start_record> starts;
  std::vector<sso_provider_record> providers;  // insert or replace
  std::vector<company_sso_setting> company_settings;
  std::vector<sso_identity_unlink> unlinked;
  std::vector<sso_identity_record> linked;
};

struct people_changes {
  std::vector<user_profile_change> profiles;
  std::vector<user_disabled_change> disabled;
  std::vector<user_language_change> languages;
  std::vector<user_time_zone_change> time_zones;
  // With everything of theirs; their audit events stay, user_id NULL and the
  // detail naming them as "deleted_user": {"id", "username"}.
  std::vector<row_id> deleted;
  std::vector<company_disabled_change> companies_disabled;  // by the operator
};

// Guards first (any failing rolls everything back), then the parts in
// for_each_part()'s order. Mail and SMS are enqueued rather than sent, so a
// message exists exactly when the change that caused it was committed.
struct change_set {
  std::vector<guard> guards;
  session_changes sessions;
  sign_in_flow_changes sign_in_flows;
  password_changes passwords;
  two_factor_changes two_factor;
  lockout_changes lockout;
  trust_changes trust;
  sso_changes sso;
  origin_changes origins;
  std::vector<audit_event_record> audit_events;
  std::vector<audit_tally> audit_tallies;
  people_changes people;  // after the audit events: a deletion rewrites the user's
  std::vector<outbox_mail_record> mail;
  std::vector<outbox_sms_record> sms;
  std::vector<password_reset_request_record> reset_requests;  // for the background worker
};

// The order in which a storage applies the parts: sign-outs and purges
// before what is opened, deletions of people after their audit events,
// the outboxes last.
// Every storage backend applies through this one function.
template <class apply_part>
void for_each_part(const change_set& changes, apply_part&& apply) {
  apply(changes.sessions);
  apply(changes.sign_in_flows);
  apply(changes.passwords);
  apply(changes.two_factor);
  apply(changes.lockout);
  apply(changes.trust);
  apply(changes.sso);
  apply(changes.origins);
  apply(changes.audit_events);
  apply(changes.audit_tallies);
  apply(changes.people);
  apply(changes.mail);
  apply(changes.sms);
  apply(changes.reset_requests);
}

}  // namespace twofold::server
