// A write transaction that loses a race (storage_conflict, PostgreSQL's
// serialization failure) is run again from the start, a bounded number of
// times: a connection whose commits fail on demand stands in for the race.
// Each transaction asks for the isolation its guards need.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "auth/password_hasher.hpp"
#include "storage/sql_storage.hpp"
#include "storage/sqlite_driver.hpp"
#include "storage/sqlite_storage.hpp"
#include "support/database_probe.hpp"
#include "support/temp_dir.hpp"
#include "support/test_accounts.hpp"

namespace twofold::server::testing {
namespace {

// SQLite, except that the next `conflicts` commits fail as a lost race would
// (the transaction then rolls back).
class conflicting_connection final : public sql_connection {
 public:
  explicit conflicting_connection(const std::filesystem::path& file) : inner_(file) {}

  int conflicts = 0;
  int commits_tried = 0;
  std::vector<sql_isolation> began;

  [[nodiscard]] sql_dialect dialect() const override { return inner_.dialect(); }
  void execute(std::string_view sql) override { inner_.execute(sql); }
  [[nodiscard]] sql_statement prepare(std::string_view sql) override { return inner_.prepare(sql); }
  [[nodiscard]] std::int64_t changed_rows() const override { return inner_.changed_rows(); }
  void begin(sql_isolation isolation) override {
    began.push_back(isolation);
    inner_.begin(isolation);
  }
  void commit() override {
    ++commits_tried;
    if (conflicts > 0) {
      --conflicts;
      throw storage_conflict("could not serialize access due to concurrent update");
    }
    inner_.commit();
  }
  void rollback() noexcept override { inner_.rollback(); }

 private:
  sqlite_connection inner_;
};

class conflicting_pool final : public sql_pool {
 public:
  explicit conflicting_pool(const std::filesystem::path& file) : connection(file) {}

  [[nodiscard]] sql_dialect dialect() const override { return sql_dialect::sqlite; }
  [[nodiscard]] lease acquire() override {
    mutex_.lock();
    return lease(*this, connection);
  }

  conflicting_connection connection;

 protected:
  void release(sql_connection& /*connection*/) noexcept override { mutex_.unlock(); }

 private:
  std::mutex mutex_;
};

class sql_storage_conflict_test : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.path());
    auto pool = std::make_unique<conflicting_pool>(dir_.path() / sqlite_file_name);
    pool_ = pool.get();
    store_ = std::make_unique<sql_storage>(std::move(pool));
    store_->migrate(test_epoch);
    seed_acme(*store_, password_hasher(fast_argon2), test_epoch);
    company_id_ = store_->find_company_by_key("acme corp")->id;
  }

  change_set one_event() const {
    change_set changes;
    changes.audit_events.push_back(audit_event_record{.company_id = company_id_,
                                                      .user_id = std::nullopt,
                                                      .event = "test.raced",
                                                      .ip = "192.0.2.1",
                                                      .user_agent = "test",
                                                      .detail_json = "{}",
                                                      .created_at = test_epoch,
                                                      .tally_key = std::nullopt});
    return changes;
  }

  std::int64_t events_written() const {
    return database_probe(dir_.path()).integer("SELECT count(*) FROM audit_events WHERE event = 'test.raced'");
  }

  temp_dir dir_;
  conflicting_pool* pool_ = nullptr;
  std::unique_ptr<sql_storage> store_;
  row_id company_id_ = 0;
};

TEST_F(sql_storage_conflict_test, a_change_set_that_lost_a_race_is_applied_again_and_written_once) {
  pool_->connection.conflicts = 2;
  pool_->connection.commits_tried = 0;

  EXPECT_TRUE(store_->apply(one_event()));

  EXPECT_EQ(pool_->connection.commits_tried, 3);
  EXPECT_EQ(events_written(), 1);
}

TEST_F(sql_storage_conflict_test, gives_up_after_five_lost_races_with_nothing_written) {
  pool_->connection.conflicts = 5;
  pool_->connection.commits_tried = 0;

  EXPECT_THROW(static_cast<void>(store_->apply(one_event())), storage_conflict);

  EXPECT_EQ(pool_->connection.commits_tried, 5);
  EXPECT_EQ(events_written(), 0);
  EXPECT_TRUE(store_->apply(one_event())) << "the connection is usable again";
  EXPECT_EQ(events_written(), 1);
}

TEST_F(sql_storage_conflict_test, guards_that_each_write_or_lock_their_own_row_run_read_committed) {
  change_set changes = one_event();
  changes.guards.emplace_back(backup_code_use{.user_id = 1, .number = 1, .used_at = test_epoch});
  changes.guards.emplace_back(code_send{.user_id = 1, .max = 10, .since = test_epoch, .now = test_epoch});
  pool_->connection.began.clear();

  static_cast<void>(store_->apply(changes));
  static_cast<void>(store_->claim_code_attempt({.user_id = 1, .max_failures = 5, .now = test_epoch}));

  EXPECT_EQ(pool_->connection.began, (std::vector{sql_isolation::read_committed, sql_isolation::read_committed}));
}

TEST_F(sql_storage_conflict_test, a_guard_that_reads_other_rows_runs_serializable) {
  change_set changes = one_event();
  changes.guards.emplace_back(backup_code_use{.user_id = 1, .number = 1, .used_at = test_epoch});
  changes.guards.emplace_back(email_free{.company_id = company_id_, .email = "new@example.com", .except_user_id = 0});
  pool_->connection.began.clear();

  static_cast<void>(store_->apply(changes));

  EXPECT_EQ(pool_->connection.began, std::vector{sql_isolation::serializable});
}

}  // namespace
}  // namespace twofold::server::testing
