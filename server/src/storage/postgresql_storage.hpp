#pragma once
// The storage on PostgreSQL, for several servers sharing one database: the
// storage's SQL (sql_storage.hpp) on a pool of connections (postgresql_pool.hpp).
#include <memory>

#include "storage/postgresql_pool.hpp"
#include "storage/sql_storage.hpp"

namespace twofold::server {

// Connects lazily: nothing is opened before the first use. Call migrate() next.
[[nodiscard]] std::unique_ptr<sql_storage> open_postgresql_storage(postgresql_pool_options options);

}  // namespace twofold::server
