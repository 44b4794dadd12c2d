#pragma once
// The SQL of the throttles' records (storage/throttle_records.hpp, migration
// 16). The caller holds a leased connection and, for update, an open write
// transaction: the step's read and its writes are then one unit.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "storage/sql_database.hpp"
#include "storage/throttle_records.hpp"

namespace twofold::server::sql_throttles {

[[nodiscard]] std::vector<std::optional<throttle_record>> find(sql_connection& db,
                                                                const std::vector<throttle_slot>& slots);

// Reads the slots' records, runs `step`, writes what it returns and the
// counts of the windows that ended, trimming each table a record was new to.
void update(sql_connection& db, const std::vector<throttle_slot>& slots, timestamp now, const throttle_step& step);

[[nodiscard]] std::int64_t count(sql_connection& db, std::string_view table);

}  // namespace twofold::server::sql_throttles
