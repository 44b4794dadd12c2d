#pragma once
// The SQL of the server key's fingerprint (migration 16): one row, written
// by the first server to start, compared by every later one. The caller
// holds a leased connection and an open write transaction.
#include <string>
#include <string_view>

#include "storage/records.hpp"
#include "storage/sql_database.hpp"

namespace twofold::server::sql_server_key {

// Records `fingerprint` unless one is recorded (INSERT ... ON CONFLICT DO
// NOTHING: of two servers starting at once, one wins); returns the one held.
[[nodiscard]] std::string claim_fingerprint(sql_connection& db, std::string_view fingerprint, timestamp now);

}  // namespace twofold::server::sql_server_key
