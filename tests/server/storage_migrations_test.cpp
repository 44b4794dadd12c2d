// Numbered migrations, on SQLite and on PostgreSQL: a fresh database reaches
// the newest schema, opening it again changes nothing, a database from a
// newer build is refused, and two servers migrating one empty database at
// once apply each migration once.
#include <gtest/gtest.h>

#include <latch>
#include <thread>

#include "storage/migrations.hpp"
#include "storage/postgresql_migrations.hpp"
#include "storage/sql_dialect.hpp"
#include "storage/sqlite_storage.hpp"
#include "support/database_probe.hpp"
#include "support/temp_dir.hpp"
#include "support/test_accounts.hpp"
#include "support/test_database.hpp"

namespace twofold::server::testing {
namespace {

// Numbers may leave a gap for a migration of a change developed beside this
// one (11 is the devices and locations'); each is applied once, whenever it
// arrives.
TEST(storage_migrations, are_numbered_from_one_in_increasing_order) {
  for (const auto dialect : {sql_dialect::sqlite, sql_dialect::postgresql}) {
    int previous = 0;
    for (const auto& step : migrations_of(dialect)) {
      EXPECT_GT(step.version, previous);
      previous = step.version;
    }
    EXPECT_EQ(migrations_of(dialect).front().version, 1);
  }
}

TEST(storage_migrations, sqlite_database_uses_write_ahead_logging) {
  temp_dir dir;
  static_cast<void>(open_storage(dir.path(), test_epoch));
  database_probe probe(dir.path());
  EXPECT_EQ(probe.text("PRAGMA journal_mode"), "wal");
}

TEST(storage_migrations, reports_an_unusable_data_directory) {
  temp_dir dir;
  write_file(dir.path() / "occupied", "a file where the data folder should be");
  EXPECT_THROW(static_cast<void>(open_sqlite_storage(dir.path() / "occupied")), storage_failure);
}

class storage_migrations_on : public ::testing::TestWithParam<test_backend> {
 protected:
  test_database database_{GetParam()};

  [[nodiscard]] std::int64_t known_migrations() const {
    const auto dialect = GetParam() == test_backend::sqlite ? sql_dialect::sqlite : sql_dialect::postgresql;
    return static_cast<std::int64_t>(migrations_of(dialect).size());
  }
  [[nodiscard]] int newest_migration() const { return static_cast<int>(known_migrations()); }
};

INSTANTIATE_TEST_SUITE_P(databases, storage_migrations_on, ::testing::ValuesIn(all_test_backends), backend_name);

TEST_P(storage_migrations_on, a_fresh_database_reaches_the_newest_schema) {
  const auto store = database_.storage();
  EXPECT_EQ(store->schema_version(), 0);

  store->migrate(test_epoch);

  EXPECT_EQ(store->schema_version(), newest_migration());
  for (const char* table : {"companies", "users", "sessions", "audit_events", "password_reset_requests"}) {
    EXPECT_EQ(database_.integer(std::string("SELECT count(*) FROM ") + table), 0) << table;
  }
  EXPECT_EQ(database_.integer("SELECT applied_at FROM schema_migrations WHERE version = 1"),
            test_epoch.time_since_epoch().count());
}

TEST_P(storage_migrations_on, opening_again_is_idempotent_and_keeps_data) {
  {
    const auto store = database_.migrated(test_epoch);
    seed_acme(*store, password_hasher(fast_argon2), test_epoch);
  }
  const auto reopened = database_.migrated(test_epoch + std::chrono::hours(1));
  reopened->migrate(test_epoch + std::chrono::hours(2));

  EXPECT_EQ(reopened->schema_version(), newest_migration());
  EXPECT_EQ(database_.integer("SELECT count(*) FROM schema_migrations"), known_migrations());
  EXPECT_EQ(database_.integer("SELECT max(applied_at) FROM schema_migrations"), test_epoch.time_since_epoch().count());
  EXPECT_TRUE(reopened->find_company_by_key("acme corp").has_value());
}

TEST_P(storage_migrations_on, refuses_a_database_from_a_newer_build) {
  static_cast<void>(database_.migrated(test_epoch));
  database_.execute("INSERT INTO schema_migrations (version, description, applied_at) VALUES (999, 'future', 0)");
  const auto store = database_.storage();
  EXPECT_THROW(store->migrate(test_epoch), storage_failure);
}

// Two servers started together on a new database: one migrates, the other
// waits for it and finds nothing left to do.
TEST_P(storage_migrations_on, two_storages_migrating_an_empty_database_at_once_both_succeed) {
  const auto first = database_.storage();
  const auto second = database_.storage();
  std::latch start(2);
  const auto migrate = [&start](sql_storage& store, bool& done) {
    start.arrive_and_wait();
    try {
      store.migrate(test_epoch);
      done = true;
    } catch (const storage_failure& failure) {
      ADD_FAILURE() << failure.what();
    }
  };
  bool first_done = false;
  bool second_done = false;
  std::thread other(migrate, std::ref(*second), std::ref(second_done));
  migrate(*first, first_done);
  other.join();

  EXPECT_TRUE(first_done);
  EXPECT_TRUE(second_done);
  EXPECT_EQ(database_.integer("SELECT count(*) FROM schema_migrations"), known_migrations());
  EXPECT_EQ(database_.integer("SELECT count(DISTINCT version) FROM schema_migrations"), known_migrations());
  EXPECT_EQ(first->schema_version(), newest_migration());
}

}  // namespace
}  // namespace twofold::server::testing
