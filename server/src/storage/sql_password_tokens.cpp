#include "storage/sql_password_tokens.hpp"

#include <algorithm>

#include "storage/sql_columns.hpp"
#include "storage/storage.hpp"

namespace twofold::server::sql_password_tokens {

std::optional<password_token_record> find_token(sql_connection& db, const session_token_hash& token_hash) {
  auto query = db.prepare(
      "SELECT token_hash, user_id, purpose, created_at, expires_at, ip, user_agent"
      " FROM password_tokens WHERE token_hash = ?1");
  query.bind_blob(1, token_hash);
  if (!query.step()) return std::nullopt;
  const auto bytes = query.column_blob(0);
  password_token_record record{.token_hash = {},
                               .user_id = query.column_int(1),
                               .purpose = query.column_text(2),
                               .created_at = timestamp_of(query.column_int(3)),
                               .expires_at = timestamp_of(query.column_int(4)),
                               .ip = query.column_text(5),
                               .user_agent = query.column_text(6)};
  if (bytes.size() != record.token_hash.size()) throw storage_failure("password token hash of unexpected size");
  std::copy(bytes.begin(), bytes.end(), record.token_hash.begin());
  return record;
}

bool apply_guard(sql_connection& db, const password_token_use& use) {
  db.prepare("DELETE FROM password_tokens WHERE token_hash = ?1 AND purpose = ?2 AND expires_at > ?3")
      .bind_blob(1, use.token_hash)
      .bind(2, use.purpose)
      .bind(3, seconds_of(use.now))
      .run();
  return db.changed_rows() == 1;
}

}  // namespace twofold::server::sql_password_tokens

namespace twofold::server {

void apply_part(sql_connection& db, const password_changes& passwords) {
  for (const password_hash_change& change : passwords.hashes) {
    db.prepare("UPDATE users SET password_hash = ?2 WHERE id = ?1")
        .bind(1, change.user_id)
        .bind(2, change.password_hash)
        .run();
  }
  for (const row_id user_id : passwords.tokens_ended_for) {
    db.prepare("DELETE FROM password_tokens WHERE user_id = ?1").bind(1, user_id).run();
  }
  for (const password_token_record& token : passwords.tokens_put) {
    // Expired tokens of anyone are of no use: a put also sweeps them.
    db.prepare("DELETE FROM password_tokens WHERE expires_at <= ?1").bind(1, seconds_of(token.created_at)).run();
    db.prepare(
          "INSERT INTO password_tokens (token_hash, user_id, purpose, created_at, expires_at, ip, user_agent)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .bind_blob(1, token.token_hash)
        .bind(2, token.user_id)
        .bind(3, token.purpose)
        .bind(4, seconds_of(token.created_at))
        .bind(5, seconds_of(token.expires_at))
        .bind(6, token.ip)
        .bind(7, token.user_agent)
        .run();
  }
  for (const must_change_password_flag& flag : passwords.must_change) {
    db.prepare("UPDATE users SET must_change_password = ?2 WHERE id = ?1")
        .bind(1, flag.user_id)
        .bind(2, std::int64_t{flag.must_change ? 1 : 0})
        .run();
  }
}

}  // namespace twofold::server
