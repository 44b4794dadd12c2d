#pragma once
// Values as the schema stores them, the same in every database:
// timestamps as whole seconds since the Unix epoch (UTC), and a 32-byte hash
// (a token's SHA-256) as a BLOB that the schema's CHECK keeps at 32 bytes.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/records.hpp"
#include "storage/sql_database.hpp"
#include "storage/storage.hpp"
#include "twofold/time.hpp"

namespace twofold::server {

[[nodiscard]] inline std::int64_t seconds_of(timestamp at) { return at.time_since_epoch().count(); }

[[nodiscard]] inline timestamp timestamp_of(std::int64_t seconds) { return timestamp{std::chrono::seconds{seconds}}; }

[[nodiscard]] inline std::optional<std::int64_t> seconds_of(const std::optional<timestamp>& at) {
  return at ? std::optional(seconds_of(*at)) : std::nullopt;
}

[[nodiscard]] inline std::optional<timestamp> timestamp_of(const std::optional<std::int64_t>& seconds) {
  return seconds ? std::optional(timestamp_of(*seconds)) : std::nullopt;
}

[[nodiscard]] inline session_token_hash hash_column(const sql_statement& row, int index) {
  const auto bytes = row.column_blob(index);
  session_token_hash hash{};
  if (bytes.size() != hash.size()) throw storage_failure("a token hash of unexpected size");
  std::copy(bytes.begin(), bytes.end(), hash.begin());
  return hash;
}

[[nodiscard]] inline std::optional<session_token_hash> optional_hash_column(const sql_statement& row, int index) {
  if (row.column_blob(index).empty()) return std::nullopt;
  return hash_column(row, index);
}

// How many columns a list of them ("a, b, c") names.
[[nodiscard]] constexpr int column_count(std::string_view columns) {
  return static_cast<int>(std::count(columns.begin(), columns.end(), ',')) + 1;
}

// "a, b" with alias "t": "t.a, t.b".
[[nodiscard]] inline std::string qualified(std::string_view columns, std::string_view alias) {
  std::string out;
  for (std::size_t start = 0; start < columns.size();) {
    const auto comma = std::min(columns.find(',', start), columns.size());
    auto column = columns.substr(start, comma - start);
    column.remove_prefix(std::min(column.find_first_not_of(' '), column.size()));
    out += (out.empty() ? "" : ", ") + std::string(alias) + "." + std::string(column);
    start = comma + 1;
  }
  return out;
}

}  // namespace twofold::server
