#pragma once
// The database a command works on: the running server's, <data-dir>/twofold.db,
// shared safely with it (SQLite's locks, WAL, a busy timeout; every write one
// short transaction, like the server's), or the PostgreSQL database --database
// names.
//
// A command never migrates: a database at an older schema belongs to a
// server of an older version, possibly still running, that would not
// understand the new one. It refuses and says to start the new server (which
// migrates at start, after a backup) first. A newer schema is refused too.
// A missing database is refused rather than created empty.
#include <filesystem>
#include <memory>

#include "config/config.hpp"
#include "operator/operator_outcome.hpp"
#include "storage/sql_storage.hpp"

namespace twofold::server {

[[nodiscard]] std::filesystem::path database_path(const std::filesystem::path& data_dir);

[[nodiscard]] operator_result<std::unique_ptr<sql_storage>> open_operator_database(const config& cfg);

}  // namespace twofold::server
