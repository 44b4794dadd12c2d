#pragma once
// The forgot-password requests on SQLite (migration 15), for sqlite_storage:
// a change set enqueues them; a worker claims the due ones by a conditional
// UPDATE of their lease (two workers never both hold one), and its guard
// deletes the one it resolved. The caller holds the connection's lock and,
// for writes, an open transaction.
#include <cstddef>
#include <vector>

#include "storage/change_set.hpp"
#include "storage/sqlite_connection.hpp"

namespace twofold::server::sqlite_reset_requests {

// Deletes those requested before `stale_before`, then leases up to `limit`
// of the rest whose lease has ended at `now` (new ones: at once), oldest first.
[[nodiscard]] std::vector<password_reset_request_record> claim(sqlite_connection& db, timestamp now, std::size_t limit,
                                                               timestamp lease_until, timestamp stale_before);

// Deletes the request while it is still leased as claimed; false otherwise
// (the change set is then rolled back).
[[nodiscard]] bool apply_guard(sqlite_connection& db, const reset_request_finish& finish);

}  // namespace twofold::server::sqlite_reset_requests

namespace twofold::server {

void apply_part(sqlite_connection& db, const std::vector<password_reset_request_record>& requests);

}  // namespace twofold::server
