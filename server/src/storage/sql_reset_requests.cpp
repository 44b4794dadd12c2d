#include "storage/sql_reset_requests.hpp"

#include <cstdint>

#include "storage/sql_columns.hpp"

namespace twofold::server::sql_reset_requests {

namespace {

std::vector<password_reset_request_record> due(sql_connection& db, timestamp now, std::size_t limit) {
  std::vector<password_reset_request_record> found;
  auto query = db.prepare(
      "SELECT id, company, account, by_email, ip, user_agent, requested_at FROM password_reset_requests"
      " WHERE leased_until <= ?1 ORDER BY requested_at, id LIMIT ?2");
  query.bind(1, seconds_of(now)).bind(2, static_cast<std::int64_t>(limit));
  while (query.step()) {
    found.push_back(password_reset_request_record{
        .id = query.column_int(0),
        .company = query.column_text(1),
        .account = query.column_text(2),
        .by_email = query.column_int(3) != 0,
        .ip = query.column_text(4),
        .user_agent = query.column_text(5),
        .requested_at = timestamp_of(query.column_int(6)),
        .leased_until = {},
    });
  }
  return found;
}

// Only while the lease has still ended: another server may have leased it since the SELECT.
bool lease(sql_connection& db, row_id id, timestamp now, timestamp until) {
  db.prepare("UPDATE password_reset_requests SET leased_until = ?2 WHERE id = ?1 AND leased_until <= ?3")
      .bind(1, id)
      .bind(2, seconds_of(until))
      .bind(3, seconds_of(now))
      .run();
  return db.changed_rows() == 1;
}

}  // namespace

std::vector<password_reset_request_record> claim(sql_connection& db, timestamp now, std::size_t limit,
                                                 timestamp lease_until, timestamp stale_before) {
  db.prepare("DELETE FROM password_reset_requests WHERE requested_at < ?1").bind(1, seconds_of(stale_before)).run();
  std::vector<password_reset_request_record> claimed;
  for (password_reset_request_record& request : due(db, now, limit)) {
    if (!lease(db, request.id, now, lease_until)) continue;
    request.leased_until = lease_until;
    claimed.push_back(std::move(request));
  }
  return claimed;
}

bool apply_guard(sql_connection& db, const reset_request_finish& finish) {
  db.prepare("DELETE FROM password_reset_requests WHERE id = ?1 AND leased_until = ?2")
      .bind(1, finish.id)
      .bind(2, seconds_of(finish.leased_until))
      .run();
  return db.changed_rows() == 1;
}

}  // namespace twofold::server::sql_reset_requests

namespace twofold::server {

void apply_part(sql_connection& db, const std::vector<password_reset_request_record>& requests) {
  for (const password_reset_request_record& request : requests) {
    db.prepare(
          "INSERT INTO password_reset_requests (company, account, by_email, ip, user_agent, requested_at, leased_until)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)")
        .bind(1, request.company)
        .bind(2, request.account)
        .bind(3, std::int64_t{request.by_email ? 1 : 0})
        .bind(4, request.ip)
        .bind(5, request.user_agent)
        .bind(6, seconds_of(request.requested_at))
        .run();
  }
}

}  // namespace twofold::server
