// SQLite's pool: reads go to query-only readers beside the one writer. A
// reader sees the last commit at once, never what a transaction still open
// on the writer has written, and does not wait for that transaction; a
// write on a reader fails. GET /api/me, a read, takes no lease on the writer.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "storage/sql_storage.hpp"
#include "storage/sqlite_driver.hpp"
#include "storage/sqlite_storage.hpp"
#include "support/recording_pool.hpp"
#include "support/temp_dir.hpp"
#include "support/two_factor_steps.hpp"

namespace twofold::server::testing {
namespace {

std::int64_t count_numbers(sql_connection& db) {
  auto query = db.prepare("SELECT count(*) FROM numbers");
  query.step();
  return query.column_int(0);
}

TEST(sqlite_readers, a_read_sees_the_last_commit_while_a_write_is_open_on_the_writer) {
  temp_dir dir;
  sqlite_pool pool(dir.path() / "readers.db");
  pool.acquire()->execute("CREATE TABLE numbers (n INTEGER NOT NULL); INSERT INTO numbers VALUES (1);");

  const auto writer = pool.acquire();
  sql_transaction open(*writer);
  writer->execute("INSERT INTO numbers VALUES (2)");
  // This thread holds the writer: a read that needed it would never return.
  EXPECT_EQ(count_numbers(*pool.acquire_read()), 1) << "the open transaction's row is not seen";
  open.commit();
  EXPECT_EQ(count_numbers(*pool.acquire_read()), 2) << "the commit is seen by the next read";
}

TEST(sqlite_readers, a_reader_refuses_writes) {
  temp_dir dir;
  sqlite_pool pool(dir.path() / "readers.db");
  pool.acquire()->execute("CREATE TABLE numbers (n INTEGER NOT NULL)");
  EXPECT_THROW(pool.acquire_read()->execute("INSERT INTO numbers VALUES (1)"), storage_failure);
  EXPECT_EQ(count_numbers(*pool.acquire()), 0);
}

TEST(sqlite_readers, api_me_is_served_by_readers_alone) {
  app_harness h;
  auto pool = std::make_unique<recording_pool>(
      std::make_unique<sqlite_pool>(std::filesystem::path(h.cfg.data_dir) / sqlite_file_name));
  recording_pool& recorded = *pool;
  sql_storage store(std::move(pool));
  h.serve_through(store);
  test_browser bob_browser(h);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 200U);
  std::ignore = recorded.taken();

  ASSERT_EQ(bob_browser.get("/api/me").status, 200U);
  const auto record = recorded.taken();
  EXPECT_GT(record.read_leases, 0);
  EXPECT_EQ(record.write_leases, 0);
  EXPECT_EQ(record.commits, 0);
}

}  // namespace
}  // namespace twofold::server::testing
