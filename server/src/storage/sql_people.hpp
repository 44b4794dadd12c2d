#pragma once
// The SQL side of an administrator's changes to people (storage/people_records.hpp):
// the guards, the writes of a change set, and the company's audit log.
#include <cstdint>

#include "storage/change_set.hpp"
#include "storage/people_records.hpp"
#include "storage/sql_database.hpp"

namespace twofold::server::sql_people {

[[nodiscard]] bool apply_guard(sql_connection& db, const active_admin& condition);
[[nodiscard]] bool apply_guard(sql_connection& db, const person_exists& condition);
[[nodiscard]] bool apply_guard(sql_connection& db, const email_free& condition);

// profile_changes, disabled_changes and users_to_delete, in that order.

// Hours with any event in [from, to), oldest first.
[[nodiscard]] std::vector<activity_hour_record> count_activity(sql_connection& db, row_id company_id,
                                                              const activity_query_record& query);
[[nodiscard]] audit_page_record list_audit_events(sql_connection& db, row_id company_id,
                                                  const audit_query_record& query, std::int64_t offset,
                                                  std::int64_t limit);

}  // namespace twofold::server::sql_people

namespace twofold::server {

void apply_part(sql_connection& db, const people_changes& changes);

}  // namespace twofold::server
