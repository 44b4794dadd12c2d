#pragma once
// Moves a SQLite installation to PostgreSQL: every row of every table of the
// schema, ids included, from <data_dir>/twofold.db into an empty PostgreSQL
// database, for servers that go on from one machine to several.
//
// The source is read in one read transaction: one snapshot (WAL lets a
// running server go on writing meanwhile; what it writes after the snapshot
// is not copied, so stop it first for a move). Its schema must be this
// server's; the target is migrated to the same version, then must hold no
// rows at all. The tables and their columns are read from the databases
// themselves (sqlite_master and PRAGMA table_info, information_schema on
// PostgreSQL), so a table a later migration adds is copied without being
// named here; both sides must list the same tables and columns. Values go
// as the PostgreSQL column's type says (BIGINT, TEXT, BYTEA byte for byte),
// NULL stays NULL. The rows are written in one PostgreSQL transaction,
// parents before the tables that reference them; the identity sequences are
// set past the largest id copied, and each table's row count is compared on
// both sides before the commit. Any failure or difference: nothing is
// committed.
//
// The server key (two_factor/server_key.hpp) is not in the database: the
// servers on PostgreSQL need the same key to read sealed secrets and codes.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "storage/postgresql_connection.hpp"
#include "twofold/result.hpp"
#include "twofold/time.hpp"

namespace twofold::server {

struct copied_table {
  std::string name;
  std::int64_t rows = 0;  // the same on both sides
};

struct sqlite_copy_report {
  std::vector<copied_table> tables;  // by name
  std::int64_t total_rows = 0;
  int schema_version = 0;
};

// `database`: the SQLite file (sqlite_storage.hpp's <data_dir>/twofold.db),
// which must exist. `now`: when the target's migrations are recorded as
// applied. A failure says what is wrong without repeating the target's URL
// (it may hold a password).
[[nodiscard]] result<sqlite_copy_report, std::string> copy_sqlite_to_postgresql(const std::filesystem::path& database,
                                                                                const postgresql_options& target,
                                                                                timestamp now);

}  // namespace twofold::server
