#pragma once
// The SQLite writes of a change set's sessions, audit events and mail: the
// parts that every area's change may carry.
#include <vector>

#include "storage/change_set.hpp"
#include "storage/sqlite_connection.hpp"

namespace twofold::server {

void apply_part(sqlite_connection& db, const session_changes& sessions);
void apply_part(sqlite_connection& db, const std::vector<audit_event_record>& events);
void apply_part(sqlite_connection& db, const std::vector<outbox_mail_record>& mail);

}  // namespace twofold::server
