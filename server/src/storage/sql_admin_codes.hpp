#pragma once
// The administrators' one-time sign-in codes on SQLite (table admin_codes),
// for sqlite_storage: reads, the guard that uses a code, and the writes of a
// change set. The caller holds the connection's lock and, for writes, an open
// transaction.
#include <optional>
#include <vector>

#include "storage/admin_code_record.hpp"
#include "storage/change_set.hpp"
#include "storage/sqlite_connection.hpp"

namespace twofold::server::sqlite_admin_codes {

[[nodiscard]] std::optional<admin_code_record> find(sqlite_connection& db, row_id user_id);
// The company's codes not expired at `now`, by user id.
[[nodiscard]] std::vector<admin_code_record> list(sqlite_connection& db, row_id company_id, timestamp now);

// Deletes the user's code when it is still `use.hash` and unexpired; whether it did.
[[nodiscard]] bool consume(sqlite_connection& db, const admin_code_use& use);

// The administrators' codes of a change set's two-factor part.
void apply_writes(sqlite_connection& db, const two_factor_changes& changes);

}  // namespace twofold::server::sqlite_admin_codes
