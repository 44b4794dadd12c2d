#pragma once
// Devices and locations (origin_records.hpp) on SQLite (migration 11), for
// sqlite_storage. The caller holds the connection's lock and, for writes, an
// open transaction.
#include <optional>
#include <vector>

#include "storage/change_set.hpp"
#include "storage/sqlite_connection.hpp"

namespace twofold::server::sqlite_origins {

[[nodiscard]] known_origin_record find_known(sqlite_connection& db, row_id user_id,
                                             const std::optional<session_token_hash>& device_hash,
                                             std::string_view place_key);
// The last seen first.
[[nodiscard]] std::vector<device_record> list_devices(sqlite_connection& db, row_id user_id);
[[nodiscard]] std::vector<location_record> list_locations(sqlite_connection& db, row_id user_id);

}  // namespace twofold::server::sqlite_origins

namespace twofold::server {

// Sightings (insert or bring up to date), then blocks and unblocks.
void apply_part(sqlite_connection& db, const origin_changes& changes);

}  // namespace twofold::server
