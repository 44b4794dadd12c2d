#include "storage/sql_admin_codes.hpp"

#include <algorithm>

#include "storage/sql_columns.hpp"
#include "storage/storage.hpp"

namespace twofold::server::sql_admin_codes {

namespace {

constexpr std::string_view columns = "user_id, code_hash, created_by, created_at, expires_at";

admin_code_record read(const sql_statement& row) {
  const auto bytes = row.column_blob(1);
  admin_code_record record{.user_id = row.column_int(0),
                           .hash = {},
                           .created_by = row.column_optional_int(2),
                           .created_at = timestamp_of(row.column_int(3)),
                           .expires_at = timestamp_of(row.column_int(4))};
  if (bytes.size() != record.hash.size()) throw storage_failure("stored admin code hash of unexpected size");
  std::copy(bytes.begin(), bytes.end(), record.hash.begin());
  return record;
}

}  // namespace

std::optional<admin_code_record> find(sql_connection& db, row_id user_id) {
  auto query = db.prepare("SELECT " + std::string(columns) + " FROM admin_codes WHERE user_id = ?1");
  query.bind(1, user_id);
  if (!query.step()) return std::nullopt;
  return read(query);
}

std::vector<admin_code_record> list(sql_connection& db, row_id company_id, timestamp now) {
  auto query = db.prepare("SELECT " + std::string(columns) +
                          " FROM admin_codes WHERE expires_at > ?2"
                          " AND user_id IN (SELECT id FROM users WHERE company_id = ?1) ORDER BY user_id");
  query.bind(1, company_id).bind(2, seconds_of(now));
  std::vector<admin_code_record> codes;
  while (query.step()) codes.push_back(read(query));
  return codes;
}

bool consume(sql_connection& db, const admin_code_use& use) {
  db.prepare("DELETE FROM admin_codes WHERE user_id = ?1 AND code_hash = ?2 AND expires_at > ?3")
      .bind(1, use.user_id)
      .bind_blob(2, use.hash)
      .bind(3, seconds_of(use.now))
      .run();
  return db.changed_rows() == 1;
}

void apply_writes(sql_connection& db, const two_factor_changes& changes) {
  for (const row_id user_id : changes.admin_codes_ended) {
    db.prepare("DELETE FROM admin_codes WHERE user_id = ?1").bind(1, user_id).run();
  }
  for (const admin_code_record& code : changes.admin_codes_put) {
    db.prepare("INSERT INTO admin_codes (" + std::string(columns) +
               ") VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (user_id) DO UPDATE SET code_hash = excluded.code_hash,"
               " created_by = excluded.created_by, created_at = excluded.created_at, expires_at = excluded.expires_at")
        .bind(1, code.user_id)
        .bind_blob(2, code.hash)
        .bind_optional(3, code.created_by)
        .bind(4, seconds_of(code.created_at))
        .bind(5, seconds_of(code.expires_at))
        .run();
  }
}

}  // namespace twofold::server::sql_admin_codes
