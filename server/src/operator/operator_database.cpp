#include "operator/operator_database.hpp"

#include <string>

#include "storage/migrations.hpp"
#include "storage/postgresql_migrations.hpp"
#include "storage/postgresql_storage.hpp"
#include "storage/sqlite_storage.hpp"

namespace twofold::server {

std::filesystem::path database_path(const std::filesystem::path& data_dir) {
  return data_dir / sqlite_file_name;
}

namespace {

// `store` when its schema is this build's; `where` names it in a refusal.
operator_result<std::unique_ptr<sql_storage>> at_this_schema(std::unique_ptr<sql_storage> store,
                                                             const std::string& where, int expected) {
  const int found = store->schema_version();
  if (found < expected) {
    return failed(where + " has schema version " + std::to_string(found) + ", older than this twofold-server's " +
                  std::to_string(expected) +
                  ": start this version of the server once (it migrates at start; back up first), then run the "
                  "command again");
  }
  if (found > expected) {
    return failed(where + " has schema version " + std::to_string(found) + ", newer than this twofold-server's " +
                  std::to_string(expected) + ": use the twofold-server that runs it");
  }
  return store;
}

}  // namespace

operator_result<std::unique_ptr<sql_storage>> open_operator_database(const config& cfg) {
  try {
    if (cfg.database) {
      // The URL is not repeated: it may hold a password.
      return at_this_schema(open_postgresql_storage({.connection = {.url = *cfg.database}, .size = 1}),
                            "the PostgreSQL database of --database", postgresql_migrations().back().version);
    }
    const auto file = database_path(cfg.data_dir);
    std::error_code error;
    if (!std::filesystem::is_regular_file(file, error)) {
      return failed("no database at " + file.string() + " (give the server's --data-dir)");
    }
    return at_this_schema(open_sqlite_storage(cfg.data_dir), "the database " + file.string(),
                          sqlite_migrations().back().version);
  } catch (const storage_failure& problem) {
    return failed(problem.what());
  }
}

}  // namespace twofold::server
