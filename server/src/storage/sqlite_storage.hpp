#pragma once
// The storage on SQLite, for one machine: one database file,
// <data_dir>/twofold.db, in WAL mode with foreign keys enforced, served by
// sqlite_pool's one connection (sqlite_driver.hpp).
#include <filesystem>
#include <memory>
#include <string_view>

#include "storage/sql_storage.hpp"

namespace twofold::server {

inline constexpr std::string_view sqlite_file_name = "twofold.db";

// Creates data_dir and the database file when missing. Throws
// storage_failure when either cannot be opened. Call migrate() next.
[[nodiscard]] std::unique_ptr<sql_storage> open_sqlite_storage(const std::filesystem::path& data_dir);

}  // namespace twofold::server
