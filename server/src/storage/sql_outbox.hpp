#pragma once
// The outboxes in SQL: mail_outbox and sms_outbox, one rule for both.
// A change set enqueues messages (next_attempt_at: now); a sender claims the
// due ones, each leased to it by moving next_attempt_at to the lease's end
// and naming it in claimed_by, then marks each sent or records its failure
// with the next attempt's time; at start, a sender makes due again what it
// held itself before (a retry it scheduled, a lease it died with).
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "storage/records.hpp"
#include "storage/sql_database.hpp"

namespace twofold::server {

// Mail is enqueued beside the sessions' and audit events' writes (sql_sessions.hpp).
void apply_part(sql_connection& db, const std::vector<outbox_sms_record>& sms);

namespace sql_outbox {

enum class queue { mail, sms };

// Up to `limit` unsent messages due at `now`, the earliest due, leased to
// `claimer` until `lease_until`; oldest first. Parallel claims (PostgreSQL
// at read_committed) get disjoint messages.
[[nodiscard]] std::vector<outbox_mail_record> claim_mail(sql_connection& db, timestamp now, std::size_t limit,
                                                         std::string_view claimer, timestamp lease_until);
[[nodiscard]] std::vector<outbox_sms_record> claim_sms(sql_connection& db, timestamp now, std::size_t limit,
                                                       std::string_view claimer, timestamp lease_until);

[[nodiscard]] std::optional<timestamp> next_due(sql_connection& db, queue from);
[[nodiscard]] outbox_backlog_record backlog(sql_connection& db, queue from);
// Whoever holds the claim now: the message was delivered. It forgets its
// text then, which held a code or a link and was for the transport only;
// an SMS its number too. A mail keeps its recipient and subject, for the
// operator, until delete_sent_before.
void mark_sent(sql_connection& db, queue from, row_id id, timestamp sent_at);
// Deletes the messages sent before `before`; returns how many.
std::int64_t delete_sent_before(sql_connection& db, queue from, timestamp before);
// What `claimer` held and is not yet due becomes due at `now`.
void release_unsent(sql_connection& db, queue from, std::string_view claimer, timestamp now);
// Only while `claimer` still holds the message's claim.
void record_failure(sql_connection& db, queue from, row_id id, std::string_view claimer, std::string_view error,
                    timestamp next_attempt_at);

}  // namespace sql_outbox

}  // namespace twofold::server
