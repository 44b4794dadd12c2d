// Numbered migrations: a fresh database reaches the newest schema, opening it
// again changes nothing, and a database from a newer build is refused.
#include <gtest/gtest.h>

#include "storage/migrations.hpp"
#include "storage/sqlite_storage.hpp"
#include "support/database_probe.hpp"
#include "support/temp_dir.hpp"
#include "support/test_accounts.hpp"

namespace twofold::server::testing {
namespace {

int newest_migration() { return sqlite_migrations().back().version; }

// Numbers may leave a gap for a migration of a change developed beside this
// one (11 is the devices and locations'); each is applied once, whenever it
// arrives.
TEST(storage_migrations, are_numbered_from_one_in_increasing_order) {
  int previous = 0;
  for (const auto& step : sqlite_migrations()) {
    EXPECT_GT(step.version, previous);
    previous = step.version;
  }
  EXPECT_EQ(sqlite_migrations().front().version, 1);
}

TEST(storage_migrations, fresh_database_reaches_the_newest_schema) {
  temp_dir dir;
  const auto store = open_sqlite_storage(dir.path() / "data");
  EXPECT_EQ(store->schema_version(), 0);

  store->migrate(test_epoch);

  EXPECT_EQ(store->schema_version(), newest_migration());
  database_probe probe(dir.path() / "data");
  for (const char* table : {"companies", "users", "sessions", "audit_events", "schema_migrations"}) {
    EXPECT_EQ(probe.integer(std::string("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '") +
                            table + "'"),
              1)
        << table;
  }
  EXPECT_EQ(probe.integer("SELECT applied_at FROM schema_migrations WHERE version = 1"),
            test_epoch.time_since_epoch().count());
}

TEST(storage_migrations, database_uses_write_ahead_logging) {
  temp_dir dir;
  static_cast<void>(open_storage(dir.path(), test_epoch));
  database_probe probe(dir.path());
  EXPECT_EQ(probe.text("PRAGMA journal_mode"), "wal");
}

TEST(storage_migrations, opening_again_is_idempotent_and_keeps_data) {
  temp_dir dir;
  {
    auto store = open_storage(dir.path(), test_epoch);
    seed_acme(*store, password_hasher(fast_argon2), test_epoch);
  }
  auto reopened = open_storage(dir.path(), test_epoch + std::chrono::hours(1));
  reopened->migrate(test_epoch + std::chrono::hours(2));

  EXPECT_EQ(reopened->schema_version(), newest_migration());
  database_probe probe(dir.path());
  EXPECT_EQ(probe.integer("SELECT count(*) FROM schema_migrations"), static_cast<std::int64_t>(sqlite_migrations().size()));
  EXPECT_EQ(probe.integer("SELECT max(applied_at) FROM schema_migrations"), test_epoch.time_since_epoch().count());
  EXPECT_TRUE(reopened->find_company_by_key("acme corp").has_value());
}

TEST(storage_migrations, refuses_a_database_from_a_newer_build) {
  temp_dir dir;
  static_cast<void>(open_storage(dir.path(), test_epoch));
  {
    database_probe probe(dir.path());
    probe.execute("INSERT INTO schema_migrations (version, description, applied_at) VALUES (999, 'future', 0)");
  }
  const auto store = open_sqlite_storage(dir.path());
  EXPECT_THROW(store->migrate(test_epoch), storage_failure);
}

TEST(storage_migrations, reports_an_unusable_data_directory) {
  temp_dir dir;
  write_file(dir.path() / "occupied", "a file where the data folder should be");
  EXPECT_THROW(static_cast<void>(open_sqlite_storage(dir.path() / "occupied")), storage_failure);
}

}  // namespace
}  // namespace twofold::server::testing
