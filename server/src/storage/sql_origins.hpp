#pragma once
// Devices and locations (origin_records.hpp) in SQL (migration 11), for
// sql_storage. The caller holds a leased connection and, for writes, an
// open transaction.
#include <optional>
#include <vector>

#include "storage/change_set.hpp"
#include "storage/sql_database.hpp"

namespace twofold::server::sql_origins {

[[nodiscard]] known_origin_record find_known(sql_connection& db, row_id user_id,
                                             const std::optional<session_token_hash>& device_hash,
                                             std::string_view place_key);
// The last seen first.
[[nodiscard]] std::vector<device_record> list_devices(sql_connection& db, row_id user_id);
[[nodiscard]] std::vector<location_record> list_locations(sql_connection& db, row_id user_id);

}  // namespace twofold::server::sql_origins

namespace twofold::server {

// Sightings (insert or bring up to date), then blocks and unblocks.
void apply_part(sql_connection& db, const origin_changes& changes);

}  // namespace twofold::server
