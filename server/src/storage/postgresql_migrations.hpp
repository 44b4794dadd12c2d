#pragma once
// The schema's numbered migrations in PostgreSQL's dialect: one per number
// of sqlite_migrations() (migrations.hpp), with the same description, giving
// the same tables, columns, constraints and indexes. Where SQLite has to
// rebuild a table to change a constraint, PostgreSQL alters it. Integers are
// BIGINT throughout (the driver binds 64-bit integers), BLOBs BYTEA, and a
// JSON text column is checked by casting it to jsonb.
#include <span>
#include <string_view>

#include "storage/migrations.hpp"
#include "storage/sql_database.hpp"

namespace twofold::server {

[[nodiscard]] std::span<const migration> postgresql_migrations();

// The database locks (sql_dialect.hpp) as session-level advisory locks, held
// on one connection and released with its session if it breaks. Waiting
// for the migration lock and migrating are not cut short by the statement
// timeout; waiting for the throttle lock is.
[[nodiscard]] std::string_view postgresql_take_lock(database_lock lock);
[[nodiscard]] std::string_view postgresql_release_lock(database_lock lock);

}  // namespace twofold::server
