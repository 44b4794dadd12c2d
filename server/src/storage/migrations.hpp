#pragma once
// The schema as numbered migrations. The database records which ones ran in
// `schema_migrations`; on start the server applies the missing ones in order,
// each in its own transaction. A released migration is never edited: a change
// is a new, higher number.
#include <span>
#include <string_view>

namespace twofold::server {

struct migration {
  int version;  // 1, 2, 3, ... without gaps
  std::string_view description;
  std::string_view sql;  // in its list's dialect (sql_dialect.hpp), one or more statements
};

[[nodiscard]] std::span<const migration> sqlite_migrations();

}  // namespace twofold::server
