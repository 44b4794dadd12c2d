#include "storage/sqlite_storage.hpp"

#include <string>
#include <system_error>

#include "storage/sqlite_driver.hpp"

namespace twofold::server {

std::unique_ptr<sql_storage> open_sqlite_storage(const std::filesystem::path& data_dir) {
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  if (error) throw storage_failure("cannot create data directory " + data_dir.string() + ": " + error.message());
  return std::make_unique<sql_storage>(std::make_unique<sqlite_pool>(data_dir / sqlite_file_name));
}

}  // namespace twofold::server
