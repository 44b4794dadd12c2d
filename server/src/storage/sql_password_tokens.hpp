#pragma once
// The password tables in SQL (migration 6), for sql_storage: the
// token's read, its guard and the password-recovery writes of a change set.
// The caller holds a leased connection and, for writes, an open transaction.
#include <optional>

#include "storage/change_set.hpp"
#include "storage/sql_database.hpp"

namespace twofold::server::sql_password_tokens {

[[nodiscard]] std::optional<password_token_record> find_token(sql_connection& db,
                                                              const session_token_hash& token_hash);

// Deletes the token when it exists for that purpose and has not expired;
// false otherwise (the change set is then rolled back).
[[nodiscard]] bool apply_guard(sql_connection& db, const password_token_use& use);

// The rest of the password writes, after the two-factor writes.


}  // namespace twofold::server::sql_password_tokens

namespace twofold::server {

void apply_part(sql_connection& db, const password_changes& passwords);

}  // namespace twofold::server
