#include "storage/sql_two_factor.hpp"

#include <algorithm>
#include <array>
#include <variant>
#include <string>

#include "storage/sql_admin_codes.hpp"
#include "storage/sql_dialect.hpp"
#include "storage/sql_people.hpp"
#include "storage/sql_password_tokens.hpp"
#include "storage/sql_reset_requests.hpp"
#include "storage/sql_sign_in_flows.hpp"
#include "storage/sql_sso.hpp"
#include "storage/sql_columns.hpp"
#include "storage/storage.hpp"

namespace twofold::server::sql_two_factor {

namespace {

template <std::size_t size>
std::array<std::uint8_t, size> fixed_bytes(const std::vector<std::uint8_t>& bytes) {
  std::array<std::uint8_t, size> fixed{};
  if (bytes.size() != size) throw storage_failure("stored hash of unexpected size");
  std::copy(bytes.begin(), bytes.end(), fixed.begin());
  return fixed;
}

std::optional<code_hash> optional_code_hash(const sql_statement& row, int column) {
  const auto bytes = row.column_blob(column);  // NULL reads as no bytes
  if (bytes.empty()) return std::nullopt;
  return fixed_bytes<code_hash{}.size()>(bytes);
}

bool changed_one_row(sql_connection& db) { return db.changed_rows() == 1; }

// A secret a method does not have is NULL, not an empty blob (the schema's CHECKs).
std::optional<std::vector<std::uint8_t>> blob_or_null(const std::vector<std::uint8_t>& sealed) {
  return sealed.empty() ? std::nullopt : std::optional(sealed);
}

// The people guards (active_admin, email_free) live beside the people writes.
using sql_people::apply_guard;

bool apply_guard(sql_connection& db, const account_lock& lock) {
  db.prepare(
        "UPDATE users SET locked_at = ?2, locked_until = ?3"
        " WHERE id = ?1 AND code_failures >= ?4 AND locked_at IS NULL")
      .bind(1, lock.user_id)
      .bind(2, seconds_of(lock.locked_at))
      .bind_optional(3, seconds_of(lock.locked_until))
      .bind(4, std::int64_t{lock.max_failures})
      .run();
  return changed_one_row(db);
}

bool apply_guard(sql_connection& db, const setup_attempt& claim) {
  db.prepare(
        "UPDATE two_factor_setups SET attempts = attempts + 1"
        " WHERE user_id = ?1 AND attempts < ?2 AND expires_at > ?3")
      .bind(1, claim.user_id)
      .bind(2, std::int64_t{claim.max_attempts})
      .bind(3, seconds_of(claim.now))
      .run();
  return changed_one_row(db);
}

bool apply_guard(sql_connection& db, const backup_code_use& use) {
  db.prepare("UPDATE backup_codes SET used_at = ?3 WHERE user_id = ?1 AND number = ?2 AND used_at IS NULL")
      .bind(1, use.user_id)
      .bind(2, std::int64_t{use.number})
      .bind(3, seconds_of(use.used_at))
      .run();
  return changed_one_row(db);
}

bool apply_guard(sql_connection& db, const totp_step_use& use) {
  db.prepare(
        "UPDATE two_factor SET last_totp_step = ?2"
        " WHERE user_id = ?1 AND method = 'app' AND (last_totp_step IS NULL OR last_totp_step < ?2)")
      .bind(1, use.user_id)
      .bind(2, use.step)
      .run();
  return changed_one_row(db);
}

bool apply_guard(sql_connection& db, const setup_finish& finish) {
  db.prepare("DELETE FROM two_factor_setups WHERE user_id = ?1").bind(1, finish.user_id).run();
  return changed_one_row(db);
}

bool apply_guard(sql_connection& db, const code_send& send) {
  // One person's sends wait here for each other, so each count below sees
  // the sends before it: the cap holds without SERIALIZABLE, whose
  // predicate locks on this small table would set apart different people's
  // sign-ins as conflicts.
  db.prepare("SELECT id FROM users WHERE id = ?1" + std::string(lock_selected_rows(db.dialect())))
      .bind(1, send.user_id)
      .run();
  db.prepare("DELETE FROM code_sends WHERE user_id = ?1 AND sent_at <= ?2")
      .bind(1, send.user_id)
      .bind(2, seconds_of(send.since))
      .run();
  db.prepare(
        "INSERT INTO code_sends (user_id, sent_at) SELECT ?1, ?2"
        " WHERE (SELECT count(*) FROM code_sends WHERE user_id = ?1) < ?3")
      .bind(1, send.user_id)
      .bind(2, seconds_of(send.now))
      .bind(3, std::int64_t{send.max})
      .run();
  return db.changed_rows() == 1;
}

bool apply_guard(sql_connection& db, const admin_code_use& use) { return sql_admin_codes::consume(db, use); }
bool apply_guard(sql_connection& db, const password_token_use& use) {
  return sql_password_tokens::apply_guard(db, use);
}
bool apply_guard(sql_connection& db, const sign_in_flow_resend& resend) {
  return sql_sign_in_flows::apply_guard(db, resend);
}
bool apply_guard(sql_connection& db, const sign_in_flow_finish& finish) {
  return sql_sign_in_flows::apply_guard(db, finish);
}
bool apply_guard(sql_connection& db, const sso_start_use& use) { return sql_sso::apply_guard(db, use); }
bool apply_guard(sql_connection& db, const identity_free& free) { return sql_sso::apply_guard(db, free); }
bool apply_guard(sql_connection& db, const reset_request_finish& finish) {
  return sql_reset_requests::apply_guard(db, finish);
}

}  // namespace

void put_setup(sql_connection& db, const two_factor_setup_record& setup) {
  db.prepare(
        "INSERT INTO two_factor_setups (user_id, method, sealed_secret, sent_code, last_sent_at,"
        " attempts, expires_at, sealed_phone) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        " ON CONFLICT (user_id) DO UPDATE SET method = excluded.method, sealed_secret = excluded.sealed_secret,"
        " sent_code = excluded.sent_code, last_sent_at = excluded.last_sent_at, attempts = excluded.attempts,"
        " expires_at = excluded.expires_at, sealed_phone = excluded.sealed_phone")
      .bind(1, setup.user_id)
      .bind(2, setup.method)
      .bind_optional_blob(3, blob_or_null(setup.sealed_secret))
      .bind_optional_blob(4, setup.sent_code)
      .bind_optional(5, seconds_of(setup.last_sent_at))
      .bind(6, std::int64_t{setup.attempts})
      .bind(7, seconds_of(setup.expires_at))
      .bind_optional_blob(8, blob_or_null(setup.sealed_phone))
      .run();
}

void put_method(sql_connection& db, const two_factor_record& method) {
  db.prepare(
        "INSERT INTO two_factor (user_id, method, sealed_secret, last_totp_step, enabled_at,"
        " backup_codes_downloaded_at, sealed_phone) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
        " ON CONFLICT (user_id) DO UPDATE SET method = excluded.method, sealed_secret = excluded.sealed_secret,"
        " last_totp_step = excluded.last_totp_step, enabled_at = excluded.enabled_at,"
        " backup_codes_downloaded_at = excluded.backup_codes_downloaded_at, sealed_phone = excluded.sealed_phone")
      .bind(1, method.user_id)
      .bind(2, method.method)
      .bind_optional_blob(3, blob_or_null(method.sealed_secret))
      .bind_optional(4, method.last_totp_step)
      .bind(5, seconds_of(method.enabled_at))
      .bind_optional(6, seconds_of(method.backup_codes_downloaded_at))
      .bind_optional_blob(7, blob_or_null(method.sealed_phone))
      .run();
}

void delete_method(sql_connection& db, row_id user_id) {
  db.prepare("DELETE FROM backup_codes WHERE user_id = ?1").bind(1, user_id).run();
  db.prepare("DELETE FROM two_factor WHERE user_id = ?1").bind(1, user_id).run();
}

void replace_backup_codes(sql_connection& db, const backup_code_set& set) {
  db.prepare("DELETE FROM backup_codes WHERE user_id = ?1").bind(1, set.user_id).run();
  for (const backup_code_record& code : set.codes) {
    db.prepare(
          "INSERT INTO backup_codes (user_id, number, code_hash, created_at, used_at) VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(1, set.user_id)
        .bind(2, std::int64_t{code.number})
        .bind_blob(3, code.hash)
        .bind(4, seconds_of(set.created_at))
        .bind_optional(5, seconds_of(code.used_at))
        .run();
  }
  // New codes have not been downloaded yet: the reminder comes back.
  db.prepare("UPDATE two_factor SET backup_codes_downloaded_at = NULL WHERE user_id = ?1").bind(1, set.user_id).run();
}

std::optional<two_factor_record> find_method(sql_connection& db, row_id user_id) {
  auto query = db.prepare(
      "SELECT user_id, method, sealed_secret, last_totp_step, enabled_at, backup_codes_downloaded_at, sealed_phone"
      " FROM two_factor WHERE user_id = ?1");
  query.bind(1, user_id);
  if (!query.step()) return std::nullopt;
  return two_factor_record{
      .user_id = query.column_int(0),
      .method = query.column_text(1),
      .sealed_secret = query.column_blob(2),
      .sealed_phone = query.column_blob(6),
      .last_totp_step = query.column_optional_int(3),
      .enabled_at = timestamp_of(query.column_int(4)),
      .backup_codes_downloaded_at = timestamp_of(query.column_optional_int(5)),
  };
}

std::optional<two_factor_setup_record> find_setup(sql_connection& db, row_id user_id) {
  auto query = db.prepare(
      "SELECT user_id, method, sealed_secret, sent_code, last_sent_at, attempts, expires_at, sealed_phone"
      " FROM two_factor_setups WHERE user_id = ?1");
  query.bind(1, user_id);
  if (!query.step()) return std::nullopt;
  return two_factor_setup_record{
      .user_id = query.column_int(0),
      .method = query.column_text(1),
      .sealed_secret = query.column_blob(2),
      .sealed_phone = query.column_blob(7),
      .sent_code = optional_code_hash(query, 3),
      .last_sent_at = timestamp_of(query.column_optional_int(4)),
      .attempts = static_cast<int>(query.column_int(5)),
      .expires_at = timestamp_of(query.column_int(6)),
  };
}

std::optional<backup_code_set> find_backup_codes(sql_connection& db, row_id user_id) {
  auto query =
      db.prepare("SELECT number, code_hash, created_at, used_at FROM backup_codes WHERE user_id = ?1 ORDER BY number");
  query.bind(1, user_id);
  backup_code_set set{.user_id = user_id, .created_at = {}, .codes = {}};
  while (query.step()) {
    set.created_at = timestamp_of(query.column_int(2));
    set.codes.push_back(backup_code_record{
        .number = static_cast<int>(query.column_int(0)),
        .hash = fixed_bytes<code_hash{}.size()>(query.column_blob(1)),
        .used_at = timestamp_of(query.column_optional_int(3)),
    });
  }
  if (set.codes.empty()) return std::nullopt;
  return set;
}

std::optional<int> claim_code_attempt(sql_connection& db, const code_attempt& claim) {
  // A timed lock that has run out is over, and its failures forgotten
  // (twofold::current in lockout.hpp).
  db.prepare(
        "UPDATE users SET code_failures = 0, locked_at = NULL, locked_until = NULL"
        " WHERE id = ?1 AND locked_until IS NOT NULL AND locked_until <= ?2")
      .bind(1, claim.user_id)
      .bind(2, seconds_of(claim.now))
      .run();
  auto counted = db.prepare(
      "UPDATE users SET code_failures = code_failures + 1"
      " WHERE id = ?1 AND code_failures < ?2 AND locked_at IS NULL RETURNING code_failures");
  counted.bind(1, claim.user_id).bind(2, std::int64_t{claim.max_failures});
  if (!counted.step()) return std::nullopt;
  return static_cast<int>(counted.column_int(0));
}

sql_isolation isolation_for(const std::vector<guard>& guards) {
  const auto reads_other_rows = [](const guard& condition) {
    return std::holds_alternative<active_admin>(condition) || std::holds_alternative<person_exists>(condition) ||
           std::holds_alternative<email_free>(condition) || std::holds_alternative<identity_free>(condition);
  };
  return std::ranges::any_of(guards, reads_other_rows) ? sql_isolation::serializable : sql_isolation::read_committed;
}

bool apply_guards(sql_connection& db, const std::vector<guard>& guards) {
  return std::ranges::all_of(guards, [&db](const guard& condition) {
    return std::visit([&db](const auto& alternative) { return apply_guard(db, alternative); }, condition);
  });
}

}  // namespace twofold::server::sql_two_factor

namespace twofold::server {

void apply_part(sql_connection& db, const two_factor_changes& two_factor) {
  for (const row_id user_id : two_factor.setups_ended) {
    db.prepare("DELETE FROM two_factor_setups WHERE user_id = ?1").bind(1, user_id).run();
  }
  for (const auto& setup : two_factor.setups_put) sql_two_factor::put_setup(db, setup);
  for (const row_id user_id : two_factor.methods_removed) sql_two_factor::delete_method(db, user_id);
  for (const auto& method : two_factor.methods_put) sql_two_factor::put_method(db, method);
  for (const auto& set : two_factor.backup_code_sets) sql_two_factor::replace_backup_codes(db, set);
  for (const auto& download : two_factor.backup_code_downloads) {
    db.prepare("UPDATE two_factor SET backup_codes_downloaded_at = ?2 WHERE user_id = ?1")
        .bind(1, download.user_id)
        .bind(2, seconds_of(download.at))
        .run();
  }
  sql_admin_codes::apply_writes(db, two_factor);
}

void apply_part(sql_connection& db, const lockout_changes& lockout) {
  for (const row_id user_id : lockout.resets) {
    db.prepare("UPDATE users SET code_failures = 0, locked_at = NULL, locked_until = NULL WHERE id = ?1")
        .bind(1, user_id)
        .run();
  }
  for (const auto& setting : lockout.company_settings) {
    db.prepare("UPDATE companies SET lock_minutes = ?2 WHERE id = ?1")
        .bind(1, setting.company_id)
        .bind_optional(2, setting.lock_minutes ? std::optional<std::int64_t>(*setting.lock_minutes) : std::nullopt)
        .run();
  }
}

}  // namespace twofold::server
