#include "storage/sqlite_sessions.hpp"

#include "storage/sqlite_time.hpp"

namespace twofold::server {

void apply_part(sqlite_connection& db, const session_changes& sessions) {
  if (sessions.purge) {
    db.prepare("DELETE FROM sessions WHERE absolute_expires_at <= ?1 OR last_seen_at <= ?2")
        .bind(1, seconds_of(sessions.purge->now))
        .bind(2, seconds_of(sessions.purge->now - sessions.purge->idle_timeout))
        .run();
  }
  // Before the openings: a password change ends every session but the one it opens.
  for (const row_id user_id : sessions.users_signed_out) {
    db.prepare("DELETE FROM sessions WHERE user_id = ?1").bind(1, user_id).run();
    db.prepare("DELETE FROM sign_in_flows WHERE user_id = ?1").bind(1, user_id).run();
  }
  for (const session_token_hash& hash : sessions.ended) {
    db.prepare("DELETE FROM sessions WHERE token_hash = ?1").bind_blob(1, hash).run();
  }
  for (const session_record& session : sessions.opened) {
    db.prepare(
          "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, absolute_expires_at, ip, user_agent,"
          " language) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
        .bind_blob(1, session.token_hash)
        .bind(2, session.user_id)
        .bind(3, seconds_of(session.created_at))
        .bind(4, seconds_of(session.last_seen_at))
        .bind(5, seconds_of(session.absolute_expires_at))
        .bind(6, session.ip)
        .bind(7, session.user_agent)
        .bind_optional(8, session.language)
        .run();
  }
  for (const session_touch& touch : sessions.touched) {
    db.prepare("UPDATE sessions SET last_seen_at = max(last_seen_at, ?2) WHERE token_hash = ?1")
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

void apply_part(sqlite_connection& db, const std::vector<audit_event_record>& events) {
  for (const audit_event_record& event : events) {
    db.prepare(
          "INSERT INTO audit_events (company_id, user_id, event, ip, user_agent, detail, created_at)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .bind_optional(1, event.company_id)
        .bind_optional(2, event.user_id)
        .bind(3, event.event)
        .bind(4, event.ip)
        .bind(5, event.user_agent)
        .bind(6, event.detail_json)
        .bind(7, seconds_of(event.created_at))
        .run();
  }
}

void apply_part(sqlite_connection& db, const std::vector<outbox_mail_record>& mail) {
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
