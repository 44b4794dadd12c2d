#include "storage/postgresql_storage.hpp"

namespace twofold::server {

std::unique_ptr<sql_storage> open_postgresql_storage(postgresql_pool_options options) {
  return std::make_unique<sql_storage>(std::make_unique<postgresql_pool>(std::move(options)));
}

}  // namespace twofold::server
