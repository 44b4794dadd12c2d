#pragma once
// A consistent copy of the live database, taken with SQLite's online backup
// API (sqlite3_backup_*) while the server keeps running: the copy is one
// snapshot, as of a single read transaction (WAL lets the server go on
// writing meanwhile), waiting out a lock as the server's own connection
// would (its busy timeout). The copy is written beside the target under a
// temporary name, switched from WAL to a self-contained rollback-journal file,
// checked with PRAGMA integrity_check, and only then given its name; on any
// failure nothing is left behind.
//
// The copy is the database alone: the server key (two_factor/server_key.hpp,
// <data_dir>/server.key) that sealed secrets and codes depend on must be
// backed up with it.
#include <cstdint>
#include <filesystem>
#include <string>

#include "twofold/result.hpp"

namespace twofold::server {

struct backup_report {
  std::filesystem::path file;  // the copy, as given
  std::int64_t pages = 0;      // database pages copied
  std::uintmax_t bytes = 0;    // the copy's size
  int schema_version = 0;      // the copy's newest migration
};

// `database`: the live file (sqlite_storage.hpp's <data_dir>/twofold.db), which
// must exist. An existing `to` is refused unless `replace_existing`; the
// live database itself always.
[[nodiscard]] result<backup_report, std::string> backup_database(const std::filesystem::path& database,
                                                                 const std::filesystem::path& to,
                                                                 bool replace_existing);

}  // namespace twofold::server
