#pragma once
// Persistence records: rows as the storage keeps them, with plain strings and
// integers only. Domain types (auth/user.hpp) are built from these explicitly,
// so a schema change never ripples silently into the sign-in logic.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "twofold/time.hpp"

namespace twofold::server {

using row_id = std::int64_t;

// SHA-256 of a session token (crypto_hash_sha256_BYTES); the token itself is
// never stored.
using session_token_hash = std::array<std::uint8_t, 32>;

// A keyed BLAKE2b-256 hash of a one-time code (server_key::code_hash).
using code_hash = std::array<std::uint8_t, 32>;

struct company_record {
  row_id id = 0;                 // ignored on insert
  std::string name;              // as shown, e.g. "Demo"
  std::string key;               // twofold::normalize_company_key(name), unique
  std::string default_language;  // BCP 47 tag, e.g. "en"
  timestamp created_at{};
  std::optional<int> lock_minutes;  // how a lockout ends: empty = when an admin unlocks; else [1, 1440] minutes
  // The 2FA policy (two_factor/two_factor_policy.hpp); ignored on insert.
  std::optional<int> trusted_browser_days;  // agents may skip the code this long: 14 | 30 | 60 | 90; empty = every login
  bool require_two_factor = false;          // users without 2FA must set it up before anything else
  bool two_factor_after_sso = false;        // single sign-on still asks Twofold's second factor; ignored on insert
  // When users with 2FA give a code (twofold/security/second_factor_rules.hpp); ignored on insert.
  bool second_factor_every_sign_in = true;
  bool second_factor_new_device = false;
  bool second_factor_new_location = false;
  bool disabled = false;  // by the operator: nobody of the company signs in; ignored on insert
};

struct user_record {
  row_id id = 0;          // ignored on insert
  row_id company_id = 0;  // ignored by storage::create_first_company
  std::string username;   // ASCII lower case, unique per company
  std::string email;      // lower case, unique per company
  std::string display_name;
  std::string role;                     // "admin" | "agent"
  std::optional<std::string> language;  // BCP 47 tag; empty: the company default
  std::string password_hash;            // crypto_pwhash_str output (Argon2id, PHC string)
  timestamp created_at{};
  bool disabled = false;
  // The lockout (twofold/security/lockout.hpp); ignored on insert.
  int code_failures = 0;
  std::optional<timestamp> locked_at;
  std::optional<timestamp> locked_until;
  // A temporary password: the next sign-in must choose a new one first.
  bool must_change_password = false;
  std::optional<std::string> time_zone = std::nullopt;  // IANA name for times on the pages; empty: the browser's
};

// A user with its company, as the application reads a person (storage::find_user_with_company).
struct user_with_company {
  user_record user;
  company_record company;
};

// One row of an administrator's people list: the user, their 2FA method and
// when they last signed in.
struct user_overview_record {
  user_record user;
  std::optional<std::string> two_factor_method;  // "email" | "app" | "sms"
  std::optional<timestamp> last_sign_in_at;
};

struct user_page_record {
  std::vector<user_overview_record> users;
  std::int64_t total = 0;  // all matches, every page
};

struct session_record {
  row_id id = 0;  // ignored on insert
  session_token_hash token_hash{};
  row_id user_id = 0;
  timestamp created_at{};
  timestamp last_seen_at{};
  timestamp absolute_expires_at{};
  std::string ip;
  std::string user_agent;
  std::optional<std::string> language;  // BCP 47 tag chosen for this session; empty: the user's
  std::optional<session_token_hash> device_hash = std::nullopt;  // the device cookie's (origin_records.hpp)
  std::string place_key = {};                     // the location's key; empty: unknown
};

// A session with its user and company, as every signed-in request reads it
// (storage::find_session): one query.
struct session_with_user {
  session_record session;
  user_with_company owner;
};

// A sign-in waiting for the person (flows/sign_in_flow.hpp): after the
// password, for the second factor or a new password. Named by a random token
// (hashed like a session's) held in its own cookie.
struct sign_in_flow_record {
  session_token_hash token_hash{};
  std::string state;                      // "bind" | "second_factor" | "new_password"
  std::optional<row_id> user_id;          // empty in "bind": no account yet
  row_id company_id = 0;
  std::optional<std::string> method;      // second_factor: "email" | "app" | "sms", as when it started
  std::optional<code_hash> sent_code;     // email and sms: the code last sent
  std::optional<timestamp> last_sent_at;  // email and sms: when it was sent
  timestamp created_at{};
  timestamp expires_at{};
  std::string ip;  // who started it
  std::string user_agent;
  std::optional<std::string> language;  // BCP 47 tag chosen at the sign-in page, for the session
  // An external account (single sign-on) to link when the flow signs in.
  std::optional<std::string> external_provider;
  std::optional<std::string> external_provider_name;
  std::optional<std::string> external_issuer;
  std::optional<std::string> external_subject;
  std::optional<std::string> external_email;
  std::optional<std::string> external_name;
};

// A password token (auth/password_token.hpp): only its SHA-256 is kept.
struct password_token_record {
  session_token_hash token_hash{};
  row_id user_id = 0;
  std::string purpose;  // "reset": a mailed link (the only purpose still written)
  timestamp created_at{};
  timestamp expires_at{};
  std::string ip;
  std::string user_agent;
};

// A forgot-password request waiting for its background resolution
// (flows/password_reset_worker.hpp): the company and account as typed, and
// the client for the audit trail and the link. Deleted once resolved.
struct password_reset_request_record {
  row_id id = 0;               // ignored on insert
  std::string company;         // as typed, normalized by the sign-in rules
  std::string account;         // username or email, normalized
  bool by_email = false;       // `account` is an email address
  std::string ip;
  std::string user_agent;
  timestamp requested_at{};    // also when it is first due
  timestamp leased_until{};    // ignored on insert
};

struct audit_event_record {
  std::optional<row_id> company_id;  // empty when the company is unknown
  std::optional<row_id> user_id;     // empty when no account matched
  std::string event;                 // e.g. "sign_in.failed"
  std::string ip;
  std::string user_agent;
  std::string detail_json = "{}";  // a JSON object, e.g. {"reason":"wrong_password"}
  timestamp created_at{};
  // Names a row whose "count" is set later (audit_tally); unique when set.
  std::optional<std::string> tally_key;
};

// The final count of a row written with a tally key: detail.count = count.
struct audit_tally {
  std::string tally_key;
  int count = 0;
};

// The codes sent (and sign-ins left waiting) for one account since a moment.
struct code_send_history_record {
  int count = 0;
  std::optional<timestamp> oldest;
};

// One message in the mail outbox: written in the transaction that decided to
// send it, delivered later by mail/outbox_sender.
struct outbox_mail_record {
  row_id id = 0;           // ignored on insert
  timestamp created_at{};  // also when the first attempt is due
  std::string recipient;   // one address, e.g. "alice@acme.example"
  std::string subject;     // UTF-8
  std::string text_body;   // UTF-8 plain text
  std::string html_body;   // UTF-8 HTML, the same content as text_body
  int attempts = 0;        // failed deliveries so far; ignored on insert
};

// One text message in the SMS outbox, like a mail: written with the change
// that sends it, delivered by the SMS outbox's sender. Once delivered, the
// row keeps neither the number nor the text.
struct outbox_sms_record {
  row_id id = 0;           // ignored on insert
  timestamp created_at{};  // also when the first attempt is due
  std::string recipient;   // E.164, e.g. "+447700900123"
  std::string text;        // UTF-8, short (one or two SMS)
  int attempts = 0;        // failed deliveries so far; ignored on insert
};

// What waits in one outbox: its unsent messages and when the oldest was made.
struct outbox_backlog_record {
  std::int64_t unsent = 0;
  std::optional<timestamp> oldest;  // empty when nothing waits
};

}  // namespace twofold::server
