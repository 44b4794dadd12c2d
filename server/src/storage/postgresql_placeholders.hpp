#pragma once
// The storage writes parameters ?1, ?2, ... (sql_database.hpp); PostgreSQL
// numbers them $1, $2, .... This rewrites the one into the other where they
// are parameters: not inside a 'string', a "quoted identifier" or a comment.
// A `?` without digits is left alone (it is also a jsonb operator).
#include <string>
#include <string_view>

namespace twofold::server {

[[nodiscard]] std::string postgresql_placeholders(std::string_view sql);

}  // namespace twofold::server
