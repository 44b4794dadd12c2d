// The SQLite driver keeps each statement compiled per connection: a kept
// statement starts every use afresh (first row, no bindings, no open read),
// and a text used again inside the loop over its own rows still works.
#include <gtest/gtest.h>

#include <vector>

#include "storage/sqlite_driver.hpp"
#include "support/temp_dir.hpp"

namespace twofold::server::testing {
namespace {

class sqlite_statement_cache : public ::testing::Test {
 protected:
  void SetUp() override {
    db_.execute("CREATE TABLE numbers (n INTEGER NOT NULL); INSERT INTO numbers VALUES (1), (2), (3);");
  }

  temp_dir dir_;
  sqlite_connection db_{dir_.path() / "cache.db"};
};

constexpr std::string_view greater_than = "SELECT n FROM numbers WHERE n > ?1 ORDER BY n";

std::vector<std::int64_t> all_rows(sql_statement& query) {
  std::vector<std::int64_t> rows;
  while (query.step()) rows.push_back(query.column_int(0));
  return rows;
}

TEST_F(sqlite_statement_cache, a_statement_used_again_starts_from_its_first_row_with_new_bindings) {
  {
    auto first = db_.prepare(greater_than);
    first.bind(1, std::int64_t{0});
    ASSERT_TRUE(first.step());  // one row read, the rest left
    EXPECT_EQ(first.column_int(0), 1);
  }
  auto again = db_.prepare(greater_than);
  again.bind(1, std::int64_t{1});
  EXPECT_EQ(all_rows(again), (std::vector<std::int64_t>{2, 3}));
}

TEST_F(sqlite_statement_cache, bindings_do_not_carry_over_to_the_next_use) {
  {
    auto bound = db_.prepare(greater_than);
    bound.bind(1, std::int64_t{0});
    EXPECT_EQ(all_rows(bound).size(), 3U);
  }
  auto unbound = db_.prepare(greater_than);
  EXPECT_TRUE(all_rows(unbound).empty()) << "an unbound parameter is NULL, and n > NULL holds for no row";
}

TEST_F(sqlite_statement_cache, the_same_text_inside_the_loop_over_its_own_rows) {
  auto outer = db_.prepare(greater_than);
  outer.bind(1, std::int64_t{0});
  std::vector<std::int64_t> counts;
  while (outer.step()) {
    auto inner = db_.prepare(greater_than);
    inner.bind(1, outer.column_int(0));
    counts.push_back(static_cast<std::int64_t>(all_rows(inner).size()));
  }
  EXPECT_EQ(counts, (std::vector<std::int64_t>{2, 1, 0}));
}

TEST_F(sqlite_statement_cache, a_kept_statement_holds_no_read_open_after_its_use) {
  {
    auto partial = db_.prepare(greater_than);
    partial.bind(1, std::int64_t{0});
    ASSERT_TRUE(partial.step());
  }
  // Another connection may checkpoint and write: no read transaction of
  // this connection was left open by the kept statement.
  sqlite_connection other(dir_.path() / "cache.db", {.create = false, .busy_timeout = std::chrono::milliseconds(0)});
  other.execute("BEGIN IMMEDIATE; INSERT INTO numbers VALUES (4); COMMIT;");
  other.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  auto truncated = other.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
  ASSERT_TRUE(truncated.step());
  EXPECT_EQ(truncated.column_int(0), 0) << "the checkpoint was not blocked";
  auto rows = db_.prepare(greater_than);
  rows.bind(1, std::int64_t{0});
  EXPECT_EQ(all_rows(rows), (std::vector<std::int64_t>{1, 2, 3, 4}));
}

}  // namespace
}  // namespace twofold::server::testing
