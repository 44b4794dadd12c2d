#pragma once
// A 32-byte hash (a token's SHA-256) as the SQLite schema stores it: a BLOB
// that the schema's CHECK keeps at 32 bytes.
#include <algorithm>
#include <optional>

#include "storage/records.hpp"
#include "storage/sqlite_connection.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

[[nodiscard]] inline session_token_hash hash_column(const sqlite_statement& row, int index) {
  const auto bytes = row.column_blob(index);
  session_token_hash hash{};
  if (bytes.size() != hash.size()) throw storage_failure("a token hash of unexpected size");
  std::copy(bytes.begin(), bytes.end(), hash.begin());
  return hash;
}

[[nodiscard]] inline std::optional<session_token_hash> optional_hash_column(const sqlite_statement& row, int index) {
  if (row.column_blob(index).empty()) return std::nullopt;
  return hash_column(row, index);
}

}  // namespace twofold::server
