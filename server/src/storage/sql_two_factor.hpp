#pragma once
// The two-factor tables in SQL (migration 3), for sql_storage: reads,
// the guards of a change set and its two-factor writes. The caller holds a
// leased connection and, for writes, an open transaction.
#include <optional>
#include <vector>

#include "storage/change_set.hpp"
#include "storage/sql_database.hpp"
#include "storage/two_factor_records.hpp"

namespace twofold::server::sql_two_factor {

[[nodiscard]] std::optional<two_factor_record> find_method(sql_connection& db, row_id user_id);
[[nodiscard]] std::optional<two_factor_setup_record> find_setup(sql_connection& db, row_id user_id);
[[nodiscard]] std::optional<backup_code_set> find_backup_codes(sql_connection& db, row_id user_id);

// The isolation a transaction with these guards needs (sql_isolation):
// serializable when one reads other rows than it writes (no such e-mail yet,
// an admin remains), read_committed when each is one conditional write of
// its own row or locks the row it decides by (fewer than N sends).
[[nodiscard]] sql_isolation isolation_for(const std::vector<guard>& guards);
// Applies the guards in order; false at the first one whose row is not in the
// expected state (the caller then rolls back).
[[nodiscard]] bool apply_guards(sql_connection& db, const std::vector<guard>& guards);
// storage::claim_code_attempt, inside the caller's transaction.
[[nodiscard]] std::optional<int> claim_code_attempt(sql_connection& db, const code_attempt& claim);

void put_setup(sql_connection& db, const two_factor_setup_record& setup);
void put_method(sql_connection& db, const two_factor_record& method);
void delete_method(sql_connection& db, row_id user_id);  // with the backup codes
void replace_backup_codes(sql_connection& db, const backup_code_set& set);

}  // namespace twofold::server::sql_two_factor

namespace twofold::server {

void apply_part(sql_connection& db, const two_factor_changes& two_factor);
void apply_part(sql_connection& db, const lockout_changes& lockout);

}  // namespace twofold::server
