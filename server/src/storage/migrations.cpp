#include "storage/migrations.hpp"

#include <array>

namespace twofold::server {

namespace {

// Timestamps are whole seconds since the Unix epoch (UTC). Usernames and
// email addresses are stored in lower case, as twofold::validate_sign_in
// normalises them, so the unique constraints are case-insensitive in effect.
constexpr std::string_view initial_schema = R"sql(
CREATE TABLE companies (
  id               INTEGER PRIMARY KEY,
  name             TEXT    NOT NULL,
  key              TEXT    NOT NULL UNIQUE,
  default_language TEXT    NOT NULL DEFAULT 'en',
  created_at       INTEGER NOT NULL
);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  company_id    INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  username      TEXT    NOT NULL CHECK (username = lower(username)),
  email         TEXT    NOT NULL CHECK (email = lower(email)),
  display_name  TEXT    NOT NULL,
  role          TEXT    NOT NULL CHECK (role IN ('admin', 'agent')),
  language      TEXT,
  password_hash TEXT    NOT NULL,
  created_at    INTEGER NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  UNIQUE (company_id, username),
  UNIQUE (company_id, email)
);

CREATE TABLE sessions (
  token_hash          BLOB    PRIMARY KEY CHECK (length(token_hash) = 32),
  user_id             INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at          INTEGER NOT NULL,
  last_seen_at        INTEGER NOT NULL,
  absolute_expires_at INTEGER NOT NULL,
  ip                  TEXT    NOT NULL,
  user_agent          TEXT    NOT NULL
) WITHOUT ROWID;

CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE audit_events (
  id         INTEGER PRIMARY KEY,
  company_id INTEGER REFERENCES companies(id) ON DELETE SET NULL,
  user_id    INTEGER REFERENCES users(id) ON DELETE SET NULL,
  event      TEXT    NOT NULL,
  ip         TEXT    NOT NULL,
  user_agent TEXT    NOT NULL,
  detail     TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
  created_at INTEGER NOT NULL
);

CREATE INDEX audit_events_by_company_time ON audit_events(company_id, created_at);
)sql";

// Outgoing mail, kept until delivered. next_attempt_at moves forward on each
// failure (back-off) and while a sender holds the message (lease).
constexpr std::string_view mail_outbox_schema = R"sql(
CREATE TABLE mail_outbox (
  id              INTEGER PRIMARY KEY,
  created_at      INTEGER NOT NULL,
  recipient       TEXT    NOT NULL,
  subject         TEXT    NOT NULL,
  text_body       TEXT    NOT NULL,
  html_body       TEXT    NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at INTEGER NOT NULL,
  sent_at         INTEGER,
  last_error      TEXT
);

CREATE INDEX mail_outbox_unsent_by_due ON mail_outbox(next_attempt_at) WHERE sent_at IS NULL;
)sql";

// Two-factor authentication. A user has at most one active method
// (two_factor) and at most one setup in progress; backup codes and the
// pending second step of a sign-in hang off the user. Secrets are sealed
// (TOTP keys) or keyed hashes (codes), never plain.
constexpr std::string_view two_factor_schema = R"sql(
CREATE TABLE two_factor (
  user_id                    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  method                     TEXT    NOT NULL CHECK (method IN ('email', 'app')),
  sealed_secret              BLOB,
  last_totp_step             INTEGER,
  enabled_at                 INTEGER NOT NULL,
  backup_codes_downloaded_at INTEGER,
  CHECK ((method = 'app') = (sealed_secret IS NOT NULL))
);

CREATE TABLE two_factor_setups (
  user_id       INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  method        TEXT    NOT NULL CHECK (method IN ('email', 'app')),
  sealed_secret BLOB,
  email_code    BLOB    CHECK (email_code IS NULL OR length(email_code) = 32),
  last_sent_at  INTEGER,
  attempts      INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  expires_at    INTEGER NOT NULL
);

CREATE TABLE backup_codes (
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  number     INTEGER NOT NULL CHECK (number BETWEEN 1 AND 10),
  code_hash  BLOB    NOT NULL CHECK (length(code_hash) = 32),
  created_at INTEGER NOT NULL,
  used_at    INTEGER,
  PRIMARY KEY (user_id, number)
) WITHOUT ROWID;

CREATE TABLE second_steps (
  token_hash   BLOB    PRIMARY KEY CHECK (length(token_hash) = 32),
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  method       TEXT    NOT NULL CHECK (method IN ('email', 'app')),
  email_code   BLOB    CHECK (email_code IS NULL OR length(email_code) = 32),
  last_sent_at INTEGER,
  attempts     INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  ip           TEXT    NOT NULL,
  user_agent   TEXT    NOT NULL
) WITHOUT ROWID;

CREATE INDEX second_steps_by_expiry ON second_steps(expires_at);
)sql";

// The lockout after wrong second-factor codes (twofold/security/lockout.hpp):
// per user, the failures since the last success and the lock; per company,
// how a lock ends (NULL: when an admin unlocks; else after that many minutes).
// Attempts are counted per account now, no longer per pending sign-in.
constexpr std::string_view lockout_schema = R"sql(
ALTER TABLE second_steps DROP COLUMN attempts;
ALTER TABLE users ADD COLUMN code_failures INTEGER NOT NULL DEFAULT 0 CHECK (code_failures >= 0);
ALTER TABLE users ADD COLUMN locked_at INTEGER;
ALTER TABLE users ADD COLUMN locked_until INTEGER;
ALTER TABLE companies ADD COLUMN lock_minutes INTEGER CHECK (lock_minutes IS NULL OR lock_minutes BETWEEN 1 AND 1440);
)sql";

// Administrators' one-time sign-in codes (storage/admin_code_record.hpp): one
// per user at most, a keyed hash only.
constexpr std::string_view admin_codes_schema = R"sql(
CREATE TABLE admin_codes (
  user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  code_hash  BLOB    NOT NULL CHECK (length(code_hash) = 32),
  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
)sql";

// Password recovery and temporary passwords. A password token is a random
// 256-bit value kept only as its SHA-256: 'reset' opens the set-a-new-password
// page from a mailed link; 'sign_in' is a sign-in that passed every check but
// must choose a new password (must_change_password) before it is a session.
constexpr std::string_view password_tokens_schema = R"sql(
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1));

CREATE TABLE password_tokens (
  token_hash BLOB    PRIMARY KEY CHECK (length(token_hash) = 32),
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose    TEXT    NOT NULL CHECK (purpose IN ('reset', 'sign_in')),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  ip         TEXT    NOT NULL,
  user_agent TEXT    NOT NULL
) WITHOUT ROWID;

CREATE INDEX password_tokens_by_user ON password_tokens(user_id);
)sql";

// The 2FA policy per company (NULL trusted_browser_days: a code at every
// login) and the browsers agents trusted under it. Only a trusted browser's
// token hash is kept (SHA-256 of 256 random bits, as for sessions).
constexpr std::string_view trusted_browsers_schema = R"sql(
ALTER TABLE companies ADD COLUMN trusted_browser_days INTEGER
  CHECK (trusted_browser_days IS NULL OR trusted_browser_days IN (14, 30, 60, 90));
ALTER TABLE companies ADD COLUMN require_two_factor INTEGER NOT NULL DEFAULT 0 CHECK (require_two_factor IN (0, 1));

CREATE TABLE trusted_browsers (
  id         INTEGER PRIMARY KEY,
  token_hash BLOB    NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  ip         TEXT    NOT NULL,
  user_agent TEXT    NOT NULL
);

CREATE INDEX trusted_browsers_by_user ON trusted_browsers(user_id);
)sql";

// Sign-in as one explicit flow (flows/sign_in_flow.hpp): what waited in
// second_steps (a code) and in password_tokens with purpose 'sign_in' (a new
// password) waits here, its state a column. Sign-ins in progress at the
// upgrade start again (they live 10 minutes).
constexpr std::string_view sign_in_flows_schema = R"sql(
DROP TABLE second_steps;
DELETE FROM password_tokens WHERE purpose = 'sign_in';

CREATE TABLE sign_in_flows (
  token_hash   BLOB    PRIMARY KEY CHECK (length(token_hash) = 32),
  state        TEXT    NOT NULL CHECK (state IN ('second_factor', 'new_password')),
  user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  method       TEXT    CHECK (method IS NULL OR method IN ('email', 'app')),
  email_code   BLOB    CHECK (email_code IS NULL OR length(email_code) = 32),
  last_sent_at INTEGER,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  ip           TEXT    NOT NULL,
  user_agent   TEXT    NOT NULL
) WITHOUT ROWID;

CREATE INDEX sign_in_flows_by_user ON sign_in_flows(user_id);
CREATE INDEX sign_in_flows_by_expiry ON sign_in_flows(expires_at);
)sql";

// The language chosen on the sign-in page is the session's (NULL: the
// user's), carried by the sign-in flow until the session opens.
constexpr std::string_view session_language_schema = R"sql(
ALTER TABLE sessions ADD COLUMN language TEXT;
ALTER TABLE sign_in_flows ADD COLUMN language TEXT;
)sql";

// Single sign-on (server/src/sso): providers per company (client secrets
// sealed), external accounts linked to users (one user each), sign-ins sent
// to a provider (state and browser cookie hashed, PKCE verifier sealed). A
// sign-in flow may now wait in "bind" (an external account, no user yet) and
// carries the external account to link: the table is made anew (its flows
// live minutes).
constexpr std::string_view single_sign_on_schema = R"sql(
ALTER TABLE companies ADD COLUMN two_factor_after_sso INTEGER NOT NULL DEFAULT 0 CHECK (two_factor_after_sso IN (0, 1));

CREATE TABLE sso_providers (
  company_id           INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  provider             TEXT    NOT NULL CHECK (provider IN ('google', 'microsoft', 'oidc')),
  enabled              INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
  client_id            TEXT    NOT NULL DEFAULT '',
  sealed_client_secret BLOB,
  issuer               TEXT    NOT NULL DEFAULT '',
  tenant               TEXT    NOT NULL DEFAULT '',
  name                 TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (company_id, provider)
) WITHOUT ROWID;

CREATE TABLE sso_identities (
  user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  provider  TEXT    NOT NULL,
  issuer    TEXT    NOT NULL,
  subject   TEXT    NOT NULL,
  email     TEXT    NOT NULL DEFAULT '',
  name      TEXT    NOT NULL DEFAULT '',
  linked_at INTEGER NOT NULL,
  PRIMARY KEY (issuer, subject),
  UNIQUE (user_id, provider)
) WITHOUT ROWID;

CREATE TABLE sso_starts (
  state_hash      BLOB    PRIMARY KEY CHECK (length(state_hash) = 32),
  browser_hash    BLOB    NOT NULL CHECK (length(browser_hash) = 32),
  company_id      INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  provider        TEXT    NOT NULL,
  user_id         INTEGER REFERENCES users(id) ON DELETE CASCADE,
  nonce           TEXT    NOT NULL,
  sealed_verifier BLOB    NOT NULL,
  language        TEXT,
  created_at      INTEGER NOT NULL,
  expires_at      INTEGER NOT NULL,
  used_at         INTEGER
) WITHOUT ROWID;

CREATE INDEX sso_starts_by_expiry ON sso_starts(expires_at);

DROP TABLE sign_in_flows;
CREATE TABLE sign_in_flows (
  token_hash        BLOB    PRIMARY KEY CHECK (length(token_hash) = 32),
  state             TEXT    NOT NULL CHECK (state IN ('bind', 'second_factor', 'new_password')),
  user_id           INTEGER REFERENCES users(id) ON DELETE CASCADE,
  company_id        INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  method            TEXT    CHECK (method IS NULL OR method IN ('email', 'app')),
  email_code        BLOB    CHECK (email_code IS NULL OR length(email_code) = 32),
  last_sent_at      INTEGER,
  created_at        INTEGER NOT NULL,
  expires_at        INTEGER NOT NULL,
  ip                TEXT    NOT NULL,
  user_agent        TEXT    NOT NULL,
  language          TEXT,
  external_provider TEXT,
  external_provider_name TEXT,
  external_issuer   TEXT,
  external_subject  TEXT,
  external_email    TEXT,
  external_name     TEXT,
  CHECK ((state = 'bind') = (user_id IS NULL))
) WITHOUT ROWID;

CREATE INDEX sign_in_flows_by_user ON sign_in_flows(user_id);
CREATE INDEX sign_in_flows_by_expiry ON sign_in_flows(expires_at);
)sql";

// Where people sign in (the security center): devices (a browser's long-lived
// cookie, hashed) and locations (a city, or a network), each per user and
// perhaps blocked; sessions get an id to be named by, and the device and
// location they opened from; a company's rules for when the second factor is
// asked; a user's time zone for the pages.
constexpr std::string_view origins_schema = R"sql(
CREATE TABLE devices (
  id              INTEGER PRIMARY KEY,
  user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash      BLOB    NOT NULL CHECK (length(token_hash) = 32),
  browser         TEXT    NOT NULL,
  browser_version TEXT    NOT NULL,
  os              TEXT    NOT NULL,
  os_version      TEXT    NOT NULL,
  device          TEXT    NOT NULL,
  first_seen_at   INTEGER NOT NULL,
  last_seen_at    INTEGER NOT NULL,
  last_ip         TEXT    NOT NULL,
  blocked_at      INTEGER,
  UNIQUE (user_id, token_hash)
);

CREATE TABLE locations (
  id            INTEGER PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  place_key     TEXT    NOT NULL,
  network       TEXT    NOT NULL,
  country_code  TEXT    NOT NULL,
  city_names    TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(city_names)),
  country_names TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(country_names)),
  first_seen_at INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL,
  last_ip       TEXT    NOT NULL,
  blocked_at    INTEGER,
  UNIQUE (user_id, place_key)
);

CREATE TABLE sessions_with_origin (
  id                  INTEGER PRIMARY KEY,
  token_hash          BLOB    NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  user_id             INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at          INTEGER NOT NULL,
  last_seen_at        INTEGER NOT NULL,
  absolute_expires_at INTEGER NOT NULL,
  ip                  TEXT    NOT NULL,
  user_agent          TEXT    NOT NULL,
  language            TEXT,
  device_hash         BLOB    CHECK (device_hash IS NULL OR length(device_hash) = 32),
  place_key           TEXT    NOT NULL DEFAULT ''
);
INSERT INTO sessions_with_origin (token_hash, user_id, created_at, last_seen_at, absolute_expires_at, ip, user_agent, language)
  SELECT token_hash, user_id, created_at, last_seen_at, absolute_expires_at, ip, user_agent, language FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_with_origin RENAME TO sessions;
CREATE INDEX sessions_by_user ON sessions(user_id);

ALTER TABLE companies ADD COLUMN second_factor_every_sign_in INTEGER NOT NULL DEFAULT 1 CHECK (second_factor_every_sign_in IN (0, 1));
ALTER TABLE companies ADD COLUMN second_factor_new_device INTEGER NOT NULL DEFAULT 0 CHECK (second_factor_new_device IN (0, 1));
ALTER TABLE companies ADD COLUMN second_factor_new_location INTEGER NOT NULL DEFAULT 0 CHECK (second_factor_new_location IN (0, 1));
ALTER TABLE users ADD COLUMN time_zone TEXT;
CREATE INDEX audit_events_by_user_time ON audit_events(user_id, created_at);
)sql";

// SMS codes, a third method: its number sealed with the server key
// (sealed_phone), its texts in an outbox of their own, delivered like mail.
// A code sent by email or SMS is the flow's or setup's sent_code. SQLite
// cannot widen a CHECK, so the three tables naming methods are made anew,
// their rows kept.
constexpr std::string_view sms_codes_schema = R"sql(
CREATE TABLE two_factor_next (
  user_id                    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  method                     TEXT    NOT NULL CHECK (method IN ('email', 'app', 'sms')),
  sealed_secret              BLOB,
  sealed_phone               BLOB,
  last_totp_step             INTEGER,
  enabled_at                 INTEGER NOT NULL,
  backup_codes_downloaded_at INTEGER,
  CHECK ((method = 'app') = (sealed_secret IS NOT NULL)),
  CHECK ((method = 'sms') = (sealed_phone IS NOT NULL))
);
INSERT INTO two_factor_next (user_id, method, sealed_secret, last_totp_step, enabled_at, backup_codes_downloaded_at)
  SELECT user_id, method, sealed_secret, last_totp_step, enabled_at, backup_codes_downloaded_at FROM two_factor;
DROP TABLE two_factor;
ALTER TABLE two_factor_next RENAME TO two_factor;

CREATE TABLE two_factor_setups_next (
  user_id       INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  method        TEXT    NOT NULL CHECK (method IN ('email', 'app', 'sms')),
  sealed_secret BLOB,
  sealed_phone  BLOB,
  sent_code     BLOB    CHECK (sent_code IS NULL OR length(sent_code) = 32),
  last_sent_at  INTEGER,
  attempts      INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  expires_at    INTEGER NOT NULL,
  CHECK ((method = 'sms') = (sealed_phone IS NOT NULL))
);
INSERT INTO two_factor_setups_next (user_id, method, sealed_secret, sent_code, last_sent_at, attempts, expires_at)
  SELECT user_id, method, sealed_secret, email_code, last_sent_at, attempts, expires_at FROM two_factor_setups;
DROP TABLE two_factor_setups;
ALTER TABLE two_factor_setups_next RENAME TO two_factor_setups;

CREATE TABLE sign_in_flows_next (
  token_hash        BLOB    PRIMARY KEY CHECK (length(token_hash) = 32),
  state             TEXT    NOT NULL CHECK (state IN ('bind', 'second_factor', 'new_password')),
  user_id           INTEGER REFERENCES users(id) ON DELETE CASCADE,
  company_id        INTEGER NOT NULL REFERENCES companies(id) ON DELETE CASCADE,
  method            TEXT    CHECK (method IS NULL OR method IN ('email', 'app', 'sms')),
  sent_code         BLOB    CHECK (sent_code IS NULL OR length(sent_code) = 32),
  last_sent_at      INTEGER,
  created_at        INTEGER NOT NULL,
  expires_at        INTEGER NOT NULL,
  ip                TEXT    NOT NULL,
  user_agent        TEXT    NOT NULL,
  language          TEXT,
  external_provider TEXT,
  external_provider_name TEXT,
  external_issuer   TEXT,
  external_subject  TEXT,
  external_email    TEXT,
  external_name     TEXT,
  CHECK ((state = 'bind') = (user_id IS NULL))
) WITHOUT ROWID;
INSERT INTO sign_in_flows_next (token_hash, state, user_id, company_id, method, sent_code, last_sent_at, created_at,
                                expires_at, ip, user_agent, language, external_provider, external_provider_name,
                                external_issuer, external_subject, external_email, external_name)
  SELECT token_hash, state, user_id, company_id, method, email_code, last_sent_at, created_at,
         expires_at, ip, user_agent, language, external_provider, external_provider_name,
         external_issuer, external_subject, external_email, external_name FROM sign_in_flows;
DROP TABLE sign_in_flows;
ALTER TABLE sign_in_flows_next RENAME TO sign_in_flows;
CREATE INDEX sign_in_flows_by_user ON sign_in_flows(user_id);
CREATE INDEX sign_in_flows_by_expiry ON sign_in_flows(expires_at);

-- Like mail_outbox; once sent, the number and the text (its code) are wiped.
CREATE TABLE sms_outbox (
  id              INTEGER PRIMARY KEY,
  created_at      INTEGER NOT NULL,
  recipient       TEXT    NOT NULL,
  text            TEXT    NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at INTEGER NOT NULL,
  sent_at         INTEGER,
  last_error      TEXT
);

CREATE INDEX sms_outbox_unsent_by_due ON sms_outbox(next_attempt_at) WHERE sent_at IS NULL;
)sql";

// An operator may disable a whole company (twofold-server company disable):
// its people sign in no more, answered as a wrong password would be.
constexpr std::string_view company_disabled_schema = R"sql(
ALTER TABLE companies ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));
)sql";

// Abuse: a throttled window's one audit row carries a tally key, so its count
// can be set once when the window ends; audit events are pruned by age; the
// pending sign-ins and codes sent per account are counted here, where every
// server sees them.
constexpr std::string_view abuse_limits_schema = R"sql(
ALTER TABLE audit_events ADD COLUMN tally_key TEXT;
CREATE UNIQUE INDEX audit_events_by_tally_key ON audit_events(tally_key) WHERE tally_key IS NOT NULL;
CREATE INDEX audit_events_by_time ON audit_events(created_at);

CREATE TABLE code_sends (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  sent_at INTEGER NOT NULL
);
CREATE INDEX code_sends_by_user_time ON code_sends(user_id, sent_at);
)sql";

// Forgot-password requests wait here for a background worker, so the request
// itself does the same one write whether or not the account exists.
constexpr std::string_view reset_requests_schema = R"sql(
CREATE TABLE password_reset_requests (
  id           INTEGER PRIMARY KEY,
  company      TEXT    NOT NULL,
  account      TEXT    NOT NULL,
  by_email     INTEGER NOT NULL CHECK (by_email IN (0, 1)),
  ip           TEXT    NOT NULL,
  user_agent   TEXT    NOT NULL,
  requested_at INTEGER NOT NULL,
  leased_until INTEGER NOT NULL
);

CREATE INDEX password_reset_requests_by_lease ON password_reset_requests(leased_until);
)sql";

// Several servers on one database: the throttles' records live here, not in
// a server's memory, so every server counts the same failures and holds the
// same back-offs (storage/throttle_records.hpp); and the fingerprint of the
// server key the database was first served with (never the key), so a server
// started with another key refuses to start instead of failing every code.
// Portable SQL: timestamps as BIGINT seconds, no booleans.
constexpr std::string_view shared_state_schema = R"sql(
CREATE TABLE throttle_records (
  scope           TEXT   NOT NULL,
  key             TEXT   NOT NULL,
  failures        BIGINT NOT NULL,
  last_failure    BIGINT NOT NULL,
  in_flight       BIGINT NOT NULL,
  in_flight_until BIGINT NOT NULL,
  refused         BIGINT NOT NULL,
  tally_key       TEXT,
  PRIMARY KEY (scope, key)
);
CREATE INDEX throttle_records_by_usefulness ON throttle_records(scope, failures, last_failure, key);
CREATE INDEX throttle_records_by_age ON throttle_records(scope, last_failure);
-- How many records each table holds, kept with every insert and delete, so
-- the capacity costs no count over the table.
CREATE TABLE throttle_sizes (
  scope   TEXT   PRIMARY KEY,
  records BIGINT NOT NULL
);

CREATE TABLE server_key_check (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  fingerprint TEXT   NOT NULL,
  recorded_at BIGINT NOT NULL
);
)sql";

// Several servers sending one outbox: each claim names its claimer
// (mail/outbox_claimer.hpp), so a restarted server frees only the messages
// it held itself, and a sender whose lease ran out cannot reschedule a
// message another server has taken over.
constexpr std::string_view outbox_claimer_schema = R"sql(
ALTER TABLE mail_outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE sms_outbox ADD COLUMN claimed_by TEXT;
)sql";

// Every expiry purge finds its rows through an index instead of reading the
// whole table (tests/server/query_plans_test.cpp): sessions past their
// absolute or their idle end (an index for each side of the OR), password
// tokens past their end.
constexpr std::string_view expiry_indexes_schema = R"sql(
CREATE INDEX sessions_by_absolute_expiry ON sessions(absolute_expires_at);
CREATE INDEX sessions_by_last_seen ON sessions(last_seen_at);
CREATE INDEX password_tokens_by_expiry ON password_tokens(expires_at);
)sql";

// What outlives its use is deleted on a timer (mail/outbox_retention.hpp,
// two_factor/trusted_browsers.hpp), through these indexes: messages sent
// long enough ago and trusted browsers past their end. A sent mail forgets
// its text, which held a code or a link, as a sent SMS already did; mails
// sent before this version forget theirs here.
constexpr std::string_view forgotten_when_done_schema = R"sql(
UPDATE mail_outbox SET text_body = '', html_body = '' WHERE sent_at IS NOT NULL;
CREATE INDEX mail_outbox_sent_by_time ON mail_outbox(sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX sms_outbox_sent_by_time ON sms_outbox(sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX trusted_browsers_by_expiry ON trusted_browsers(expires_at);
)sql";

constexpr std::array all_migrations{
    migration{1, "companies, users, sessions and audit events", initial_schema},
    migration{2, "mail outbox", mail_outbox_schema},
    migration{3, "two-factor authentication", two_factor_schema},
    migration{4, "lockout after wrong codes", lockout_schema},
    migration{5, "administrators' one-time sign-in codes", admin_codes_schema},
    migration{6, "password tokens and temporary passwords", password_tokens_schema},
    migration{7, "2FA policy and trusted browsers", trusted_browsers_schema},
    migration{8, "sign-in flows", sign_in_flows_schema},
    migration{9, "a session's language", session_language_schema},
    migration{10, "single sign-on", single_sign_on_schema},
    migration{11, "devices, locations and the sessions opened from them", origins_schema},
    migration{12, "SMS codes", sms_codes_schema},
    migration{13, "a company can be disabled", company_disabled_schema},
    migration{14, "audit tallies and retention, codes sent per account", abuse_limits_schema},
    migration{15, "forgot-password requests", reset_requests_schema},
    migration{16, "throttles and the server key's fingerprint, shared by every server", shared_state_schema},
    migration{17, "an outbox claim names its claimer", outbox_claimer_schema},
    migration{18, "indexes for the expiry purges", expiry_indexes_schema},
    migration{19, "sent messages and ended trusted browsers deleted in time", forgotten_when_done_schema},
};

}  // namespace

std::span<const migration> sqlite_migrations() { return all_migrations; }

}  // namespace twofold::server
