#pragma once
// The forgot-password requests in SQL (migration 15), for sql_storage:
// a change set enqueues them; a worker claims the due ones by a conditional
// UPDATE of their lease (two workers never both hold one), and its guard
// deletes the one it resolved. The caller holds a leased connection and,
// for writes, an open transaction.
#include <cstddef>
#include <vector>

#include "storage/change_set.hpp"
#include "storage/sql_database.hpp"

namespace twofold::server::sql_reset_requests {

// Deletes those requested before `stale_before`, then leases up to `limit`
// of the rest whose lease has ended at `now` (new ones: at once), oldest first.
[[nodiscard]] std::vector<password_reset_request_record> claim(sql_connection& db, timestamp now, std::size_t limit,
                                                               timestamp lease_until, timestamp stale_before);

// Deletes the request while it is still leased as claimed; false otherwise
// (the change set is then rolled back).
[[nodiscard]] bool apply_guard(sql_connection& db, const reset_request_finish& finish);

}  // namespace twofold::server::sql_reset_requests

namespace twofold::server {

void apply_part(sql_connection& db, const std::vector<password_reset_request_record>& requests);

}  // namespace twofold::server
