#include "storage/sql_trusted_browsers.hpp"

#include <algorithm>
#include <chrono>
#include <string>

#include "storage/sql_columns.hpp"
#include "storage/storage.hpp"

namespace twofold::server::sql_trusted_browsers {

namespace {

constexpr std::string_view columns = "id, token_hash, user_id, created_at, expires_at, ip, user_agent";

trusted_browser_record read(const sql_statement& row) {
  return trusted_browser_record{.id = row.column_int(0),
                                .token_hash = hash_column(row, 1),
                                .user_id = row.column_int(2),
                                .created_at = timestamp_of(row.column_int(3)),
                                .expires_at = timestamp_of(row.column_int(4)),
                                .ip = row.column_text(5),
                                .user_agent = row.column_text(6)};
}

std::int64_t seconds_in(int days) { return std::chrono::seconds{std::chrono::days{days}}.count(); }

void limit(sql_connection& db, const company_trust_limit& limit) {
  constexpr std::string_view in_company = "user_id IN (SELECT id FROM users WHERE company_id = ?1)";
  if (!limit.days) {
    db.prepare("DELETE FROM trusted_browsers WHERE " + std::string(in_company)).bind(1, limit.company_id).run();
    return;
  }
  db.prepare("DELETE FROM trusted_browsers WHERE " + std::string(in_company) + " AND created_at + ?2 <= ?3")
      .bind(1, limit.company_id)
      .bind(2, seconds_in(*limit.days))
      .bind(3, seconds_of(limit.now))
      .run();
  db.prepare(
        "UPDATE trusted_browsers SET expires_at = CASE WHEN expires_at < created_at + ?2 THEN expires_at"
        " ELSE created_at + ?2 END WHERE " + std::string(in_company))
      .bind(1, limit.company_id)
      .bind(2, seconds_in(*limit.days))
      .run();
}

}  // namespace

std::optional<trusted_browser_record> find(sql_connection& db, const session_token_hash& token_hash) {
  auto query = db.prepare("SELECT " + std::string(columns) + " FROM trusted_browsers WHERE token_hash = ?1");
  query.bind_blob(1, token_hash);
  if (!query.step()) return std::nullopt;
  return read(query);
}

std::vector<trusted_browser_record> list(sql_connection& db, row_id user_id) {
  auto query = db.prepare("SELECT " + std::string(columns) +
                          " FROM trusted_browsers WHERE user_id = ?1 ORDER BY created_at DESC, id DESC");
  query.bind(1, user_id);
  std::vector<trusted_browser_record> found;
  while (query.step()) found.push_back(read(query));
  return found;
}

std::int64_t delete_ended(sql_connection& db, timestamp now) {
  db.prepare("DELETE FROM trusted_browsers WHERE expires_at <= ?1").bind(1, seconds_of(now)).run();
  return db.changed_rows();
}

}  // namespace twofold::server::sql_trusted_browsers

namespace twofold::server {

void apply_part(sql_connection& db, const trust_changes& changes) {
  for (const auto& policy : changes.company_policies) {
    db.prepare(
          "UPDATE companies SET trusted_browser_days = ?2, require_two_factor = ?3, second_factor_every_sign_in = ?4,"
          " second_factor_new_device = ?5, second_factor_new_location = ?6 WHERE id = ?1")
        .bind(1, policy.company_id)
        .bind_optional(2, policy.trusted_browser_days ? std::optional<std::int64_t>(*policy.trusted_browser_days)
                                                      : std::nullopt)
        .bind(3, std::int64_t{policy.require_two_factor ? 1 : 0})
        .bind(4, std::int64_t{policy.every_sign_in ? 1 : 0})
        .bind(5, std::int64_t{policy.new_device ? 1 : 0})
        .bind(6, std::int64_t{policy.new_location ? 1 : 0})
        .run();
  }
  for (const auto& company_limit : changes.company_limits) sql_trusted_browsers::limit(db, company_limit);
  for (const auto& end : changes.ended) {
    if (end.id) {
      db.prepare("DELETE FROM trusted_browsers WHERE user_id = ?1 AND id = ?2").bind(1, end.user_id).bind(2, *end.id).run();
    } else {
      db.prepare("DELETE FROM trusted_browsers WHERE user_id = ?1").bind(1, end.user_id).run();
    }
  }
  for (const auto& browser : changes.added) {
    db.prepare(
          "INSERT INTO trusted_browsers (token_hash, user_id, created_at, expires_at, ip, user_agent)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .bind_blob(1, browser.token_hash)
        .bind(2, browser.user_id)
        .bind(3, seconds_of(browser.created_at))
        .bind(4, seconds_of(browser.expires_at))
        .bind(5, browser.ip)
        .bind(6, browser.user_agent)
        .run();
  }
}

}  // namespace twofold::server
