#include "storage/sql_outbox.hpp"

#include <algorithm>
#include <string>

#include "storage/sql_columns.hpp"
#include "storage/sql_dialect.hpp"

namespace twofold::server {

namespace {

std::string table_of(sql_outbox::queue from) {
  return from == sql_outbox::queue::mail ? "mail_outbox" : "sms_outbox";
}

// Leases the `limit` earliest due unsent rows (?1 now, ?2 limit) until ?3 to
// the claimer ?4 and returns `columns` of each, in one statement: the rows
// chosen are the rows leased, whatever a parallel claim does (PostgreSQL:
// the rows it holds are skipped, the rows this one chose are locked).
sql_statement claim_statement(sql_connection& db, sql_outbox::queue from, std::string_view columns, timestamp now,
                              std::size_t limit, std::string_view claimer, timestamp lease_until) {
  const std::string table = table_of(from);
  auto statement = db.prepare(
      "UPDATE " + table + " SET next_attempt_at = ?3, claimed_by = ?4 WHERE id IN (SELECT id FROM " + table +
      " WHERE sent_at IS NULL AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT ?2" +
      std::string(skip_locked_rows(db.dialect())) + ") RETURNING " + std::string(columns));
  statement.bind(1, seconds_of(now))
      .bind(2, static_cast<std::int64_t>(limit))
      .bind(3, seconds_of(lease_until))
      .bind(4, claimer);
  return statement;
}

// RETURNING gives the rows in no promised order: oldest first, as enqueued.
template <class record>
std::vector<record> oldest_first(std::vector<record> claimed) {
  std::sort(claimed.begin(), claimed.end(), [](const record& a, const record& b) { return a.id < b.id; });
  return claimed;
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
                                           std::string_view claimer, timestamp lease_until) {
  std::vector<outbox_mail_record> claimed;
  auto query = claim_statement(db, queue::mail, "id, created_at, recipient, subject, text_body, html_body, attempts",
                               now, limit, claimer, lease_until);
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
  return oldest_first(std::move(claimed));
}

std::vector<outbox_sms_record> claim_sms(sql_connection& db, timestamp now, std::size_t limit,
                                         std::string_view claimer, timestamp lease_until) {
  std::vector<outbox_sms_record> claimed;
  auto query = claim_statement(db, queue::sms, "id, created_at, recipient, text, attempts", now, limit, claimer,
                               lease_until);
  while (query.step()) {
    claimed.push_back(outbox_sms_record{
        .id = query.column_int(0),
        .created_at = timestamp_of(query.column_int(1)),
        .recipient = query.column_text(2),
        .text = query.column_text(3),
        .attempts = static_cast<int>(query.column_int(4)),
    });
  }
  return oldest_first(std::move(claimed));
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
  const std::string forget = from == queue::sms ? ", recipient = '', text = ''" : ", text_body = '', html_body = ''";
  db.prepare("UPDATE " + table_of(from) + " SET sent_at = ?2, last_error = NULL" + forget + " WHERE id = ?1")
      .bind(1, id)
      .bind(2, seconds_of(sent_at))
      .run();
}

std::int64_t delete_sent_before(sql_connection& db, queue from, timestamp before) {
  db.prepare("DELETE FROM " + table_of(from) + " WHERE sent_at IS NOT NULL AND sent_at < ?1")
      .bind(1, seconds_of(before))
      .run();
  return db.changed_rows();
}

void release_unsent(sql_connection& db, queue from, std::string_view claimer, timestamp now) {
  db.prepare("UPDATE " + table_of(from) +
             " SET next_attempt_at = ?1 WHERE sent_at IS NULL AND claimed_by = ?2 AND next_attempt_at > ?1")
      .bind(1, seconds_of(now))
      .bind(2, claimer)
      .run();
}

void record_failure(sql_connection& db, queue from, row_id id, std::string_view claimer, std::string_view error,
                    timestamp next_attempt_at) {
  db.prepare("UPDATE " + table_of(from) +
             " SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3"
             " WHERE id = ?1 AND sent_at IS NULL AND claimed_by = ?4")
      .bind(1, id)
      .bind(2, error)
      .bind(3, seconds_of(next_attempt_at))
      .bind(4, claimer)
      .run();
}

}  // namespace sql_outbox

}  // namespace twofold::server
