#pragma once
// The password tables on SQLite (migration 6), for sqlite_storage: the
// token's read, its guard and the password-recovery writes of a change set.
// The caller holds the connection's lock and, for writes, an open transaction.
#include <optional>

#include "storage/change_set.hpp"
#include "storage/sqlite_connection.hpp"

namespace twofold::server::sqlite_password_tokens {

[[nodiscard]] std::optional<password_token_record> find_token(sqlite_connection& db,
                                                              const session_token_hash& token_hash);

// Deletes the token when it exists for that purpose and has not expired;
// false otherwise (the change set is then rolled back).
[[nodiscard]] bool apply_guard(sqlite_connection& db, const password_token_use& use);

// change_set::signed_out_everywhere, applied before the change's new sessions.
void apply_sign_outs(sqlite_connection& db, const change_set& changes);
// The rest of the password writes, after the two-factor writes.
void apply_writes(sqlite_connection& db, const change_set& changes);

}  // namespace twofold::server::sqlite_password_tokens
