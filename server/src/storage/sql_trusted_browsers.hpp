#pragma once
// The trusted-browser table and the companies' 2FA policy on SQLite
// (migration 5), for sqlite_storage. The caller holds the connection's lock
// and, for writes, an open transaction.
#include <optional>
#include <vector>

#include "storage/change_set.hpp"
#include "storage/sqlite_connection.hpp"
#include "storage/trusted_browser_records.hpp"

namespace twofold::server::sqlite_trusted_browsers {

[[nodiscard]] std::optional<trusted_browser_record> find(sqlite_connection& db, const session_token_hash& token_hash);
[[nodiscard]] std::vector<trusted_browser_record> list(sqlite_connection& db, row_id user_id);

// The change set's policy changes, trust limits, ends and insertions, in that order.

}  // namespace twofold::server::sqlite_trusted_browsers

namespace twofold::server {

void apply_part(sqlite_connection& db, const trust_changes& changes);

}  // namespace twofold::server
