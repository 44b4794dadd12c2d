#include "operator/operator_database.hpp"

#include <string>

#include "storage/migrations.hpp"

namespace twofold::server {

std::filesystem::path database_path(const std::filesystem::path& data_dir) {
  return data_dir / sqlite_file_name;
}

operator_result<std::unique_ptr<sql_storage>> open_operator_database(const std::filesystem::path& data_dir) {
  const auto file = database_path(data_dir);
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) {
    return failed("no database at " + file.string() + " (give the server's --data-dir)");
  }
  try {
    auto store = open_sqlite_storage(data_dir);
    const int found = store->schema_version();
    const int expected = sqlite_migrations().back().version;
    if (found < expected) {
      return failed("the database " + file.string() + " has schema version " + std::to_string(found) +
                    ", older than this twofold-server's " + std::to_string(expected) +
                    ": start this version of the server once (it migrates at start; back up first), then run the "
                    "command again");
    }
    if (found > expected) {
      return failed("the database " + file.string() + " has schema version " + std::to_string(found) +
                    ", newer than this twofold-server's " + std::to_string(expected) +
                    ": use the twofold-server that runs it");
    }
    return store;
  } catch (const storage_failure& problem) {
    return failed(problem.what());
  }
}

}  // namespace twofold::server
