#pragma once
// Single sign-on in SQL (tables sso_providers, sso_identities,
// sso_starts; storage/sso_records.hpp): reads, the guards that use a start
// once and keep an external account to one user, and a change set's part.
#include <optional>
#include <string_view>
#include <vector>

#include "storage/change_set.hpp"
#include "storage/sql_database.hpp"

namespace twofold::server::sql_sso {

[[nodiscard]] std::vector<sso_provider_record> list_providers(sql_connection& db, row_id company_id);
[[nodiscard]] std::optional<sso_identity_record> find_identity(sql_connection& db, std::string_view issuer,
                                                               std::string_view subject);
[[nodiscard]] std::vector<sso_identity_record> list_identities(sql_connection& db, row_id user_id);
[[nodiscard]] std::optional<sso_start_record> find_start(sql_connection& db, const session_token_hash& state_hash);
[[nodiscard]] bool apply_guard(sql_connection& db, const sso_start_use& use);
[[nodiscard]] bool apply_guard(sql_connection& db, const identity_free& free);

}  // namespace twofold::server::sql_sso

namespace twofold::server {

void apply_part(sql_connection& db, const sso_changes& changes);

}  // namespace twofold::server
