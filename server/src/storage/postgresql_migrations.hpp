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

namespace twofold::server {

[[nodiscard]] std::span<const migration> postgresql_migrations();

// Two servers starting together on one empty database must not both
// migrate it: the one that runs them holds this session-level advisory lock
// (on the connection it migrates with) from before it reads the migrations
// table until it has applied the last, and the other waits for it. Waiting
// and migrating are not cut short by the statement timeout.
[[nodiscard]] std::string_view postgresql_lock_migrations();
[[nodiscard]] std::string_view postgresql_unlock_migrations();

}  // namespace twofold::server
