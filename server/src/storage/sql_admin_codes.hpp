#pragma once
// The administrators' one-time sign-in codes in SQL (table admin_codes),
// for sql_storage: reads, the guard that uses a code, and the writes of a
// change set. The caller holds a leased connection and, for writes, an open
// transaction.
#include <optional>
#include <vector>

#include "storage/admin_code_record.hpp"
#include "storage/change_set.hpp"
#include "storage/sql_database.hpp"

namespace twofold::server::sql_admin_codes {

[[nodiscard]] std::optional<admin_code_record> find(sql_connection& db, row_id user_id);
// The company's codes not expired at `now`, by user id.
[[nodiscard]] std::vector<admin_code_record> list(sql_connection& db, row_id company_id, timestamp now);

// Deletes the user's code when it is still `use.hash` and unexpired; whether it did.
[[nodiscard]] bool consume(sql_connection& db, const admin_code_use& use);

// The administrators' codes of a change set's two-factor part.
void apply_writes(sql_connection& db, const two_factor_changes& changes);

}  // namespace twofold::server::sql_admin_codes
