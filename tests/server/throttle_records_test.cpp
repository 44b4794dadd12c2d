// The throttle's bounded tables in the database: never above their capacity
// whatever the number of keys; a flood of fresh keys evicts fresh keys, not
// a record holding a back-off; quiet records go first; refusals counted once
// per window, the count written into the window's audit row when it ends.
#include <gtest/gtest.h>

#include <string>

#include "auth/sign_in_throttle.hpp"
#include "storage/sql_dialect.hpp"
#include "support/test_accounts.hpp"
#include "support/test_database.hpp"

namespace twofold::server::testing {
namespace {

using std::chrono::seconds;

constexpr backoff_policy policy{};
const std::string address = "192.0.2.10";

std::string account(std::string_view name) { return sign_in_throttle::account_key("acme corp", name); }

class throttle_records_test : public ::testing::TestWithParam<test_backend> {
 protected:
  void fail(sign_in_throttle& throttle, const std::string& key, int times, timestamp at) {
    for (int i = 0; i < times; ++i) throttle.end_attempt(address, key, attempt_outcome::failed, at);
  }

  // The account keys the table holds, in order.
  std::vector<std::vector<std::string>> accounts_held(std::string_view table) {
    return database_.rows("SELECT substr(key, 11) FROM throttle_records WHERE scope = '" + std::string(table) +
                              ".account' ORDER BY key",
                          1);
  }

  // An audit row for the window `tally_key` names, as the sign-in writes it.
  void write_window_row(const std::string& tally_key) {
    change_set changes;
    changes.audit_events.push_back(audit_event_record{.company_id = std::nullopt,
                                                      .user_id = std::nullopt,
                                                      .event = "sign_in.throttled",
                                                      .ip = address,
                                                      .user_agent = "",
                                                      .detail_json = R"({"count":1})",
                                                      .created_at = test_epoch,
                                                      .tally_key = tally_key});
    ASSERT_TRUE(store_->apply(changes));
  }

  std::int64_t window_count(const std::string& tally_key) {
    const auto dialect = GetParam() == test_backend::sqlite ? sql_dialect::sqlite : sql_dialect::postgresql;
    return database_.integer("SELECT " + json_integer_at(dialect, "detail", "count") +
                             " FROM audit_events WHERE tally_key = '" + tally_key + "'");
  }

  test_database database_{GetParam()};
  std::unique_ptr<sql_storage> store_ = database_.migrated(test_epoch);
};

INSTANTIATE_TEST_SUITE_P(databases, throttle_records_test, ::testing::ValuesIn(all_test_backends), backend_name);

TEST_P(throttle_records_test, hold_no_more_than_their_capacity_whatever_the_number_of_keys) {
  sign_in_throttle throttle(*store_, "t", policy, policy, 100);
  for (int i = 0; i < 1'000; ++i) {
    throttle.end_attempt("10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256), account(std::to_string(i)),
                         attempt_outcome::failed, test_epoch + seconds(i % 50));
  }
  EXPECT_EQ(throttle.accounts_held(), 100U);
  EXPECT_LE(throttle.addresses_held(), 100U);
  for (const std::string table : {"t.account", "t.address"}) {
    EXPECT_EQ(database_.integer("SELECT count(*) FROM throttle_records WHERE scope = '" + table + "'"),
              database_.integer("SELECT records FROM throttle_sizes WHERE scope = '" + table + "'"))
        << "the size kept apart is the table's";
  }
}

TEST_P(throttle_records_test, a_flood_of_fresh_keys_cannot_evict_a_record_that_holds_a_back_off) {
  sign_in_throttle throttle(*store_, "t", address_backoff, policy, 100);
  const std::string attacker = "198.51.100.7";
  for (int i = 0; i < address_backoff.free_failures + 5; ++i) {
    throttle.end_attempt(attacker, account("victim"), attempt_outcome::failed, test_epoch);
  }
  for (int i = 0; i < 1'000; ++i) {
    throttle.end_attempt("10.1." + std::to_string(i / 256) + "." + std::to_string(i % 256), account("user" + std::to_string(i)),
                         attempt_outcome::failed, test_epoch + seconds(1 + i % 60));
  }
  EXPECT_EQ(throttle.addresses_held(), 100U);
  EXPECT_EQ(throttle.accounts_held(), 100U);
  EXPECT_EQ(database_.integer("SELECT failures FROM throttle_records WHERE scope = 't.address' AND key = '" + attacker + "'"),
            address_backoff.free_failures + 5)
      << "flooding must not reset the attacker's own record";
  EXPECT_GT(throttle.retry_after(attacker, account("someone"), test_epoch + seconds(1)), seconds(0));
  EXPECT_GT(throttle.retry_after("192.0.2.1", account("victim"), test_epoch + seconds(1)), seconds(0))
      << "and the attacked account is still held back";
}

TEST_P(throttle_records_test, evict_the_fewest_failures_oldest_first) {
  sign_in_throttle throttle(*store_, "t", policy, policy, 3);
  fail(throttle, account("two-old"), 2, test_epoch);
  fail(throttle, account("one-old"), 1, test_epoch);
  fail(throttle, account("one-new"), 1, test_epoch + seconds(10));
  fail(throttle, account("newcomer"), 1, test_epoch + seconds(20));
  EXPECT_EQ(accounts_held("t"), (std::vector<std::vector<std::string>>{{"newcomer"}, {"one-new"}, {"two-old"}}));
}

TEST_P(throttle_records_test, a_quiet_record_is_dropped_before_any_other_whatever_its_failures) {
  sign_in_throttle throttle(*store_, "t", policy, policy, 2);
  fail(throttle, account("quiet"), 30, test_epoch);
  const timestamp later = test_epoch + policy.forget_after;
  fail(throttle, account("fresh"), 1, later);
  EXPECT_EQ(accounts_held("t"), (std::vector<std::vector<std::string>>{{"fresh"}}))
      << "it would count from zero anyway: dropped as soon as a record is new";
  fail(throttle, account("newcomer"), 1, later);
  EXPECT_EQ(accounts_held("t"), (std::vector<std::vector<std::string>>{{"fresh"}, {"newcomer"}}));
}

TEST_P(throttle_records_test, count_the_refusals_of_a_window_and_write_the_count_when_it_ends) {
  sign_in_throttle throttle(*store_, "t", policy, policy, 10);
  fail(throttle, account("key"), policy.free_failures + 1, test_epoch);
  const auto opened = throttle.begin_attempt(address, account("key"), test_epoch).opened_window;
  ASSERT_TRUE(opened.has_value()) << "the first refusal opens it";
  write_window_row(*opened);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(throttle.begin_attempt(address, account("key"), test_epoch).opened_window, std::nullopt);
  EXPECT_EQ(window_count(*opened), 1) << "still open";

  ASSERT_EQ(throttle.begin_attempt(address, account("key"), test_epoch + policy.base_delay).wait, seconds(0));
  EXPECT_EQ(window_count(*opened), 7) << "an evaluated attempt ends it";

  throttle.end_attempt(address, account("key"), attempt_outcome::failed, test_epoch + policy.base_delay);
  const auto next = throttle.begin_attempt(address, account("key"), test_epoch + policy.base_delay).opened_window;
  ASSERT_TRUE(next.has_value());
  EXPECT_NE(*next, *opened) << "the next window has a row of its own";
}

TEST_P(throttle_records_test, a_dropped_record_ends_its_window) {
  sign_in_throttle throttle(*store_, "t", policy, policy, 1);
  fail(throttle, account("key"), policy.free_failures + 1, test_epoch);
  const auto opened = throttle.begin_attempt(address, account("key"), test_epoch).opened_window;
  ASSERT_TRUE(opened.has_value());
  write_window_row(*opened);
  ASSERT_FALSE(throttle.begin_attempt(address, account("key"), test_epoch).opened_window.has_value());
  fail(throttle, account("other"), 1, test_epoch);
  EXPECT_EQ(accounts_held("t"), (std::vector<std::vector<std::string>>{{"other"}}));
  EXPECT_EQ(window_count(*opened), 2);
}

TEST_P(throttle_records_test, throttles_of_other_names_are_apart) {
  sign_in_throttle sign_in(*store_, "sign_in");
  sign_in_throttle forgot(*store_, "forgot_password");
  fail(sign_in, account("alice"), account_backoff.free_failures + 1, test_epoch);
  EXPECT_GT(sign_in.retry_after(address, account("alice"), test_epoch), seconds(0));
  EXPECT_EQ(forgot.retry_after(address, account("alice"), test_epoch), seconds(0));
}

}  // namespace
}  // namespace twofold::server::testing
