#pragma once
// Sign-in flows in SQL (table sign_in_flows): read one, the guards that
// resend a code or finish a flow once, and a change set's flow part.
#include <optional>

#include "storage/change_set.hpp"
#include "storage/sql_database.hpp"

namespace twofold::server::sql_sign_in_flows {

[[nodiscard]] std::optional<sign_in_flow_record> find(sql_connection& db, const session_token_hash& token_hash);
[[nodiscard]] bool apply_guard(sql_connection& db, const sign_in_flow_resend& resend);
[[nodiscard]] bool apply_guard(sql_connection& db, const sign_in_flow_finish& finish);

}  // namespace twofold::server::sql_sign_in_flows

namespace twofold::server {

void apply_part(sql_connection& db, const sign_in_flow_changes& flows);

}  // namespace twofold::server
