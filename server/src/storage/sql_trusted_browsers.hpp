#pragma once
// The trusted-browser table and the companies' 2FA policy in SQL
// (migration 5), for sql_storage. The caller holds a leased connection
// and, for writes, an open transaction.
#include <optional>
#include <vector>

#include "storage/change_set.hpp"
#include "storage/sql_database.hpp"
#include "storage/trusted_browser_records.hpp"

namespace twofold::server::sql_trusted_browsers {

[[nodiscard]] std::optional<trusted_browser_record> find(sql_connection& db, const session_token_hash& token_hash);
[[nodiscard]] std::vector<trusted_browser_record> list(sql_connection& db, row_id user_id);
// Deletes the browsers whose trust ended by `now`; returns how many.
std::int64_t delete_ended(sql_connection& db, timestamp now);

// The change set's policy changes, trust limits, ends and insertions, in that order.

}  // namespace twofold::server::sql_trusted_browsers

namespace twofold::server {

void apply_part(sql_connection& db, const trust_changes& changes);

}  // namespace twofold::server
