#pragma once
// The SQL reads and writes of sessions, and the writes of a change set's
// audit events and mail: the parts that every area's change may carry. The
// caller holds a leased connection and, for writes, an open transaction.
#include <optional>
#include <string_view>
#include <vector>

#include "storage/change_set.hpp"
#include "storage/sql_database.hpp"

namespace twofold::server::sql_sessions {

// A session's columns, and its reader (a join reads them first).
inline constexpr std::string_view columns =
    "id, token_hash, user_id, created_at, last_seen_at, absolute_expires_at, ip, user_agent, language, device_hash,"
    " place_key";
[[nodiscard]] session_record read(const sql_statement& row);

[[nodiscard]] std::optional<session_record> find_by_id(sql_connection& db, row_id id);
// Live at `now` (not past either timeout), the newest access first.
[[nodiscard]] std::vector<session_overview_record> list_for_user(sql_connection& db, row_id user_id,
                                                                 const expired_sessions& live);
[[nodiscard]] session_overview_page list_for_company(sql_connection& db, row_id company_id,
                                                     const expired_sessions& live, std::int64_t offset,
                                                     std::int64_t limit);
// storage::delete_expired_sessions.
std::int64_t delete_expired(sql_connection& db, const expired_sessions& expired);

}  // namespace twofold::server::sql_sessions

namespace twofold::server {

void apply_part(sql_connection& db, const session_changes& sessions);
void apply_part(sql_connection& db, const std::vector<audit_event_record>& events);
void apply_part(sql_connection& db, const std::vector<audit_tally>& tallies);
void apply_part(sql_connection& db, const std::vector<outbox_mail_record>& mail);

}  // namespace twofold::server
