#include "storage/sql_outbox.hpp"

#include <string>

#include "storage/sql_columns.hpp"

namespace twofold::server {

namespace {

std::string table_of(sql_outbox::queue from) {
  return from == sql_outbox::queue::mail ? "mail_outbox" : "sms_outbox";
}

// "... WHERE sent_at IS NULL AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT ?2"
std::string due_rows(sql_outbox::queue from) {
  return " FROM " + table_of(from) +
         " WHERE sent_at IS NULL AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT ?2";
}

template <class record>
void lease(sql_connection& db, sql_outbox::queue from, const std::vector<record>& claimed, timestamp until) {
  for (const record& message : claimed) {
    db.prepare("UPDATE " + table_of(from) + " SET next_attempt_at = ?2 WHERE id = ?1")
        .bind(1, message.id)
        .bind(2, seconds_of(until))
        .run();
  }
}

}  // namespace

void apply_part(sql_connection& db, const std::vector<outbox_sms_record>& sms) {
  for (const outbox_sms_record& message : sms) {
    db.prepare("INSERT INTO sms_outbox (created_at, recipient, text, next_attempt_at) VALUES (?1, ?2, ?3, ?1)")
        .bind(1, seconds_of(message.created_at))
        .bind(2, message.recipient)
        .bind(3, message.text)
        .run();
  }
}

namespace sql_outbox {

std::vector<outbox_mail_record> claim_mail(sql_connection& db, timestamp now, std::size_t limit,
                                           timestamp lease_until) {
  std::vector<outbox_mail_record> claimed;
  {
    auto query = db.prepare("SELECT id, created_at, recipient, subject, text_body, html_body, attempts" +
                            due_rows(queue::mail));
    query.bind(1, seconds_of(now)).bind(2, static_cast<std::int64_t>(limit));
    while (query.step()) {
      claimed.push_back(outbox_mail_record{
          .id = query.column_int(0),
          .created_at = timestamp_of(query.column_int(1)),
          .recipient = query.column_text(2),
          .subject = query.column_text(3),
          .text_body = query.column_text(4),
          .html_body = query.column_text(5),
          .attempts = static_cast<int>(query.column_int(6)),
      });
    }
  }
  lease(db, queue::mail, claimed, lease_until);
  return claimed;
}

std::vector<outbox_sms_record> claim_sms(sql_connection& db, timestamp now, std::size_t limit,
                                         timestamp lease_until) {
  std::vector<outbox_sms_record> claimed;
  {
    auto query = db.prepare("SELECT id, created_at, recipient, text, attempts" + due_rows(queue::sms));
    query.bind(1, seconds_of(now)).bind(2, static_cast<std::int64_t>(limit));
    while (query.step()) {
      claimed.push_back(outbox_sms_record{
          .id = query.column_int(0),
          .created_at = timestamp_of(query.column_int(1)),
          .recipient = query.column_text(2),
          .text = query.column_text(3),
          .attempts = static_cast<int>(query.column_int(4)),
      });
    }
  }
  lease(db, queue::sms, claimed, lease_until);
  return claimed;
}

std::optional<timestamp> next_due(sql_connection& db, queue from) {
  auto query = db.prepare("SELECT min(next_attempt_at) FROM " + table_of(from) + " WHERE sent_at IS NULL");
  query.step();
  return timestamp_of(query.column_optional_int(0));
}

outbox_backlog_record backlog(sql_connection& db, queue from) {
  auto query = db.prepare("SELECT count(*), min(created_at) FROM " + table_of(from) + " WHERE sent_at IS NULL");
  query.step();
  return outbox_backlog_record{.unsent = query.column_int(0), .oldest = timestamp_of(query.column_optional_int(1))};
}

void mark_sent(sql_connection& db, queue from, row_id id, timestamp sent_at) {
  const std::string forget = from == queue::sms ? ", recipient = '', text = ''" : "";
  db.prepare("UPDATE " + table_of(from) + " SET sent_at = ?2, last_error = NULL" + forget + " WHERE id = ?1")
      .bind(1, id)
      .bind(2, seconds_of(sent_at))
      .run();
}

void release_unsent(sql_connection& db, queue from, timestamp now) {
  // next_attempt_at > created_at: it was attempted or claimed before.
  db.prepare("UPDATE " + table_of(from) +
             " SET next_attempt_at = ?1"
             " WHERE sent_at IS NULL AND next_attempt_at > created_at AND next_attempt_at > ?1")
      .bind(1, seconds_of(now))
      .run();
}

void record_failure(sql_connection& db, queue from, row_id id, std::string_view error, timestamp next_attempt_at) {
  db.prepare("UPDATE " + table_of(from) +
             " SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3 WHERE id = ?1 AND sent_at IS NULL")
      .bind(1, id)
      .bind(2, error)
      .bind(3, seconds_of(next_attempt_at))
      .run();
}

}  // namespace sql_outbox

}  // namespace twofold::server
