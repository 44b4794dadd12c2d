#include "storage/sql_sessions.hpp"

#include "storage/sql_columns.hpp"
#include "storage/sql_dialect.hpp"

namespace twofold::server::sql_sessions {

namespace {

// A session with its user, and the device and location it opened from (the
// user's rows of that hash and key; none for sessions older than them).
constexpr std::string_view overview_select =
    "SELECT s.id, s.user_id, u.username, u.display_name, s.token_hash, s.created_at, s.last_seen_at, s.ip,"
    " d.id, d.browser, d.browser_version, d.os, d.os_version, d.device,"
    " l.id, l.place_key, l.network, l.country_code, l.city_names, l.country_names"
    " FROM sessions s JOIN users u ON u.id = s.user_id"
    " LEFT JOIN devices d ON d.user_id = s.user_id AND d.token_hash = s.device_hash"
    " LEFT JOIN locations l ON l.user_id = s.user_id AND l.place_key = s.place_key";

// ?2 now, ?3 the idle limit: as expired_sessions counts them.
constexpr std::string_view live_only = " AND s.absolute_expires_at > ?2 AND s.last_seen_at > ?3";

session_overview_record read_overview(const sql_statement& row) {
  session_overview_record session{.id = row.column_int(0),
                                  .user_id = row.column_int(1),
                                  .username = row.column_text(2),
                                  .display_name = row.column_text(3),
                                  .token_hash = hash_column(row, 4),
                                  .created_at = timestamp_of(row.column_int(5)),
                                  .last_seen_at = timestamp_of(row.column_int(6)),
                                  .ip = row.column_text(7),
                                  .device = std::nullopt,
                                  .place = std::nullopt};
  if (row.column_optional_int(8)) {
    session.device = device_name_record{.browser = row.column_text(9),
                                        .browser_version = row.column_text(10),
                                        .os = row.column_text(11),
                                        .os_version = row.column_text(12),
                                        .device = row.column_text(13)};
  }
  if (row.column_optional_int(14)) {
    session.place = place_record{.key = row.column_text(15),
                                 .network = row.column_text(16),
                                 .country_code = row.column_text(17),
                                 .city_names = row.column_text(18),
                                 .country_names = row.column_text(19)};
  }
  return session;
}

sql_statement& bind_live(sql_statement& query, const expired_sessions& live) {
  return query.bind(2, seconds_of(live.now)).bind(3, seconds_of(live.now - live.idle_timeout));
}

}  // namespace

session_record read(const sql_statement& row) {
  return session_record{.id = row.column_int(0),
                        .token_hash = hash_column(row, 1),
                        .user_id = row.column_int(2),
                        .created_at = timestamp_of(row.column_int(3)),
                        .last_seen_at = timestamp_of(row.column_int(4)),
                        .absolute_expires_at = timestamp_of(row.column_int(5)),
                        .ip = row.column_text(6),
                        .user_agent = row.column_text(7),
                        .language = row.column_optional_text(8),
                        .device_hash = optional_hash_column(row, 9),
                        .place_key = row.column_text(10)};
}

std::optional<session_record> find_by_id(sql_connection& db, row_id id) {
  auto query = db.prepare("SELECT " + std::string(columns) + " FROM sessions WHERE id = ?1");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return read(query);
}

std::vector<session_overview_record> list_for_user(sql_connection& db, row_id user_id,
                                                   const expired_sessions& live) {
  auto query = db.prepare(std::string(overview_select) + " WHERE s.user_id = ?1" + std::string(live_only) +
                          " ORDER BY s.last_seen_at DESC, s.id DESC");
  query.bind(1, user_id);
  bind_live(query, live);
  std::vector<session_overview_record> found;
  while (query.step()) found.push_back(read_overview(query));
  return found;
}

session_overview_page list_for_company(sql_connection& db, row_id company_id, const expired_sessions& live,
                                       std::int64_t offset, std::int64_t limit) {
  session_overview_page page;
  auto count = db.prepare("SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.company_id = ?1" +
                          std::string(live_only));
  count.bind(1, company_id);
  bind_live(count, live);
  count.step();
  page.total = count.column_int(0);
  auto query = db.prepare(std::string(overview_select) + " WHERE u.company_id = ?1" + std::string(live_only) +
                          " ORDER BY s.last_seen_at DESC, s.id DESC LIMIT ?4 OFFSET ?5");
  query.bind(1, company_id).bind(4, limit).bind(5, offset);
  bind_live(query, live);
  while (query.step()) page.sessions.push_back(read_overview(query));
  return page;
}

std::int64_t delete_expired(sql_connection& db, const expired_sessions& expired) {
  db.prepare("DELETE FROM sessions WHERE absolute_expires_at <= ?1 OR last_seen_at <= ?2")
      .bind(1, seconds_of(expired.now))
      .bind(2, seconds_of(expired.now - expired.idle_timeout))
      .run();
  return db.changed_rows();
}

}  // namespace twofold::server::sql_sessions

namespace twofold::server {

void apply_part(sql_connection& db, const session_changes& sessions) {
  // Before the openings: a password change ends every session but the one it opens.
  for (const row_id user_id : sessions.users_signed_out) {
    db.prepare("DELETE FROM sessions WHERE user_id = ?1").bind(1, user_id).run();
    db.prepare("DELETE FROM sign_in_flows WHERE user_id = ?1").bind(1, user_id).run();
  }
  for (const session_token_hash& hash : sessions.ended) {
    db.prepare("DELETE FROM sessions WHERE token_hash = ?1").bind_blob(1, hash).run();
  }
  for (const session_end& end : sessions.ended_by_id) {
    db.prepare("DELETE FROM sessions WHERE id = ?1 AND user_id = ?2").bind(1, end.id).bind(2, end.user_id).run();
  }
  for (const other_sessions_end& end : sessions.others_ended) {
    db.prepare("DELETE FROM sessions WHERE user_id = ?1 AND token_hash <> ?2")
        .bind(1, end.user_id)
        .bind_blob(2, end.keep)
        .run();
  }
  for (const sessions_from_origin_end& end : sessions.ended_from_device) {
    db.prepare(
          "DELETE FROM sessions WHERE user_id = ?1"
          " AND device_hash = (SELECT token_hash FROM devices WHERE id = ?2 AND user_id = ?1)")
        .bind(1, end.user_id)
        .bind(2, end.origin_id)
        .run();
  }
  for (const sessions_from_origin_end& end : sessions.ended_from_location) {
    db.prepare(
          "DELETE FROM sessions WHERE user_id = ?1"
          " AND place_key = (SELECT place_key FROM locations WHERE id = ?2 AND user_id = ?1)")
        .bind(1, end.user_id)
        .bind(2, end.origin_id)
        .run();
  }
  for (const session_record& session : sessions.opened) {
    db.prepare(
          "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, absolute_expires_at, ip, user_agent,"
          " language, device_hash, place_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
        .bind_blob(1, session.token_hash)
        .bind(2, session.user_id)
        .bind(3, seconds_of(session.created_at))
        .bind(4, seconds_of(session.last_seen_at))
        .bind(5, seconds_of(session.absolute_expires_at))
        .bind(6, session.ip)
        .bind(7, session.user_agent)
        .bind_optional(8, session.language)
        .bind_optional_blob(9, session.device_hash)
        .bind(10, session.place_key)
        .run();
  }
  for (const session_touch& touch : sessions.touched) {
    db.prepare(
          "UPDATE sessions SET last_seen_at = CASE WHEN last_seen_at > ?2 THEN last_seen_at ELSE ?2 END"
          " WHERE token_hash = ?1")
        .bind_blob(1, touch.token_hash)
        .bind(2, seconds_of(touch.last_seen_at))
        .run();
  }
  for (const session_language_change& change : sessions.languages) {
    db.prepare("UPDATE sessions SET language = ?2 WHERE token_hash = ?1")
        .bind_blob(1, change.token_hash)
        .bind_optional(2, change.language)
        .run();
  }
}

void apply_part(sql_connection& db, const std::vector<audit_event_record>& events) {
  for (const audit_event_record& event : events) {
    db.prepare(
          "INSERT INTO audit_events (company_id, user_id, event, ip, user_agent, detail, created_at, tally_key)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
        .bind_optional(1, event.company_id)
        .bind_optional(2, event.user_id)
        .bind(3, event.event)
        .bind(4, event.ip)
        .bind(5, event.user_agent)
        .bind(6, event.detail_json)
        .bind(7, seconds_of(event.created_at))
        .bind_optional(8, event.tally_key)
        .run();
  }
}

void apply_part(sql_connection& db, const std::vector<audit_tally>& tallies) {
  const std::string counted = json_set_at(db.dialect(), "detail", "count", json_integer(db.dialect(), "?2"));
  for (const audit_tally& tally : tallies) {
    db.prepare("UPDATE audit_events SET detail = " + counted + " WHERE tally_key = ?1")
        .bind(1, tally.tally_key)
        .bind(2, static_cast<std::int64_t>(tally.count))
        .run();
  }
}

void apply_part(sql_connection& db, const std::vector<outbox_mail_record>& mail) {
  for (const outbox_mail_record& message : mail) {
    db.prepare(
          "INSERT INTO mail_outbox (created_at, recipient, subject, text_body, html_body, next_attempt_at)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?1)")
        .bind(1, seconds_of(message.created_at))
        .bind(2, message.recipient)
        .bind(3, message.subject)
        .bind(4, message.text_body)
        .bind(5, message.html_body)
        .run();
  }
}

}  // namespace twofold::server
