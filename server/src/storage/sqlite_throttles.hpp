#pragma once
// The throttles' records (storage/throttle_records.hpp, migration 16), for
// sqlite_storage. The caller holds the connection's lock and, for update,
// an open transaction: the step's read and its writes are then one unit.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "storage/sqlite_connection.hpp"
#include "storage/throttle_records.hpp"

namespace twofold::server::sqlite_throttles {

[[nodiscard]] std::vector<std::optional<throttle_record>> find(sqlite_connection& db,
                                                                const std::vector<throttle_slot>& slots);

// Reads the slots' records, runs `step`, writes what it returns and the
// counts of the windows that ended, trimming each table a record was new to.
void update(sqlite_connection& db, const std::vector<throttle_slot>& slots, timestamp now, const throttle_step& step);

[[nodiscard]] std::int64_t count(sqlite_connection& db, std::string_view table);

}  // namespace twofold::server::sqlite_throttles
