#pragma once
// The server key's fingerprint (migration 16), for sqlite_storage: one row,
// written by the first server to start, compared by every later one. The
// caller holds the connection's lock and an open transaction.
#include <string>
#include <string_view>

#include "storage/records.hpp"
#include "storage/sqlite_connection.hpp"

namespace twofold::server::sqlite_server_key {

// Records `fingerprint` unless one is recorded (INSERT ... ON CONFLICT DO
// NOTHING: of two servers starting at once, one wins); returns the one held.
[[nodiscard]] std::string claim_fingerprint(sqlite_connection& db, std::string_view fingerprint, timestamp now);

}  // namespace twofold::server::sqlite_server_key
