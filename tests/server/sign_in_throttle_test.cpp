// Throttling: free failures, then a doubling wait per address and per
// account; success clears the account only; quiet records are forgotten.
// The records live in the storage, as on a server.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "auth/sign_in_throttle.hpp"
#include "support/rendezvous_storage.hpp"
#include "support/test_accounts.hpp"
#include "support/test_database.hpp"

namespace twofold::server::testing {
namespace {

using std::chrono::seconds;

const std::string address = "192.0.2.10";
const std::string account = sign_in_throttle::account_key("acme corp", "alice");

// A failure recorded without an attempt in flight.
void fail(sign_in_throttle& throttle, const std::string& from, const std::string& key, timestamp at) {
  throttle.end_attempt(from, key, attempt_outcome::failed, at);
}

void fail_times(sign_in_throttle& throttle, int times, const std::string& from, const std::string& key, timestamp at) {
  for (int i = 0; i < times; ++i) fail(throttle, from, key, at);
}

// A throttle on a fresh database of its own, on each database.
class throttle_test : public ::testing::TestWithParam<test_backend> {
 protected:
  test_database database_{GetParam()};
  std::unique_ptr<sql_storage> store_ = database_.migrated(test_epoch);
  sign_in_throttle throttle{*store_, "sign_in"};
};

INSTANTIATE_TEST_SUITE_P(databases, throttle_test, ::testing::ValuesIn(all_test_backends), backend_name);

TEST_P(throttle_test, allows_the_free_failures_then_doubles_the_wait) {
  fail_times(throttle, account_backoff.free_failures, address, account, test_epoch);
  EXPECT_EQ(throttle.retry_after(address, account, test_epoch), seconds(0));

  fail(throttle, address, account, test_epoch);
  EXPECT_EQ(throttle.retry_after(address, account, test_epoch), account_backoff.base_delay);

  const timestamp later = test_epoch + account_backoff.base_delay;
  EXPECT_EQ(throttle.retry_after(address, account, later), seconds(0));
  fail(throttle, address, account, later);
  EXPECT_EQ(throttle.retry_after(address, account, later), 2 * account_backoff.base_delay);
}

TEST_P(throttle_test, counts_each_account_separately) {
  fail_times(throttle, account_backoff.free_failures + 1, address, account, test_epoch);
  const std::string other = sign_in_throttle::account_key("acme corp", "bob");
  EXPECT_EQ(throttle.retry_after(address, other, test_epoch), seconds(0));
  EXPECT_GT(throttle.retry_after("198.51.100.99", account, test_epoch), seconds(0))
      << "the account is throttled from every address";
}

TEST_P(throttle_test, throttles_an_address_guessing_many_accounts) {
  for (int i = 0; i <= address_backoff.free_failures; ++i) {
    fail(throttle, address, sign_in_throttle::account_key("acme corp", "user" + std::to_string(i)),
                            test_epoch);
  }
  const std::string fresh = sign_in_throttle::account_key("acme corp", "someone-new");
  EXPECT_GT(throttle.retry_after(address, fresh, test_epoch), seconds(0));
  EXPECT_EQ(throttle.retry_after("198.51.100.99", fresh, test_epoch), seconds(0));
}

TEST(sign_in_throttle, an_address_gets_more_free_failures_than_an_account) {
  EXPECT_GT(address_backoff.free_failures, account_backoff.free_failures);
}

TEST_P(throttle_test, success_clears_the_account_but_not_the_address) {
  fail_times(throttle, address_backoff.free_failures + 1, address, account, test_epoch);
  throttle.end_attempt(address, account, attempt_outcome::succeeded, test_epoch);
  EXPECT_GT(throttle.retry_after(address, account, test_epoch), seconds(0)) << "address still throttled";
  EXPECT_EQ(throttle.retry_after("198.51.100.99", account, test_epoch), seconds(0)) << "account cleared";
}

TEST_P(throttle_test, forgets_quiet_records) {
  fail_times(throttle, account_backoff.free_failures + 1, address, account, test_epoch);
  const timestamp much_later = test_epoch + account_backoff.forget_after;
  EXPECT_EQ(throttle.retry_after(address, account, much_later), seconds(0));
  fail(throttle, address, account, much_later);
  EXPECT_EQ(throttle.retry_after(address, account, much_later), seconds(0)) << "counting starts again";
}

TEST_P(throttle_test, uses_the_given_policies) {
  const backoff_policy strict{
      .free_failures = 0, .base_delay = seconds(10), .max_delay = seconds(40), .forget_after = seconds(3600)};
  sign_in_throttle strict_throttle(*store_, "strict", strict, strict);
  fail_times(strict_throttle, 5, address, account, test_epoch);
  EXPECT_EQ(strict_throttle.retry_after(address, account, test_epoch), seconds(40)) << "capped at max_delay";
}

TEST_P(throttle_test, parallel_attempts_get_no_more_than_one_at_a_time) {
  // One at a time, free_failures + 1 wrong passwords are evaluated before the first wait.
  const int evaluated_alone = account_backoff.free_failures + 1;
  for (int i = 0; i < evaluated_alone; ++i) {
    EXPECT_EQ(throttle.begin_attempt(address, account, test_epoch).wait, seconds(0)) << "attempt " << i;
  }
  EXPECT_GE(throttle.begin_attempt(address, account, test_epoch).wait, account_backoff.base_delay)
      << "all of those may still fail: no further attempt may start";
  EXPECT_EQ(throttle.begin_attempt(address, sign_in_throttle::account_key("acme corp", "bob"), test_epoch).wait, seconds(0))
      << "another account is not held up";

  for (int i = 0; i < evaluated_alone; ++i) throttle.end_attempt(address, account, attempt_outcome::failed, test_epoch);
  EXPECT_EQ(throttle.begin_attempt(address, account, test_epoch).wait, account_backoff.base_delay);
}

TEST_P(throttle_test, beyond_the_free_failures_only_one_attempt_is_in_flight) {
  fail_times(throttle, account_backoff.free_failures + 1, address, account, test_epoch);
  const timestamp after_wait = test_epoch + account_backoff.base_delay;
  EXPECT_EQ(throttle.begin_attempt(address, account, after_wait).wait, seconds(0));
  EXPECT_GT(throttle.begin_attempt(address, account, after_wait).wait, seconds(0)) << "the back-off opens for one guess";
  throttle.end_attempt(address, account, attempt_outcome::succeeded, after_wait);
  EXPECT_EQ(throttle.begin_attempt(address, account, after_wait).wait, seconds(0)) << "a success frees the account";
}

TEST_P(throttle_test, ended_attempts_free_their_place) {
  const backoff_policy strict{
      .free_failures = 0, .base_delay = seconds(10), .max_delay = seconds(40), .forget_after = seconds(3600)};
  sign_in_throttle strict_throttle(*store_, "strict", strict, strict);
  EXPECT_EQ(strict_throttle.begin_attempt(address, account, test_epoch).wait, seconds(0));
  EXPECT_EQ(strict_throttle.begin_attempt(address, account, test_epoch).wait, seconds(10));
  strict_throttle.end_attempt(address, account, attempt_outcome::succeeded, test_epoch);
  EXPECT_EQ(strict_throttle.begin_attempt(address, account, test_epoch).wait, seconds(0)) << "nothing failed";
}

// An IPv6 host holds its whole /64 (client/network_prefix.hpp, throttle_key).
TEST_P(throttle_test, counts_an_ipv6_client_by_its_64) {
  for (int i = 0; i <= address_backoff.free_failures; ++i) {
    fail(throttle, "2001:db8:1:2::" + std::to_string(i + 1),
                            sign_in_throttle::account_key("acme corp", "user" + std::to_string(i)), test_epoch);
  }
  const std::string fresh = sign_in_throttle::account_key("acme corp", "someone-new");
  EXPECT_GT(throttle.retry_after("2001:db8:1:2:ffff::9", fresh, test_epoch), seconds(0)) << "the same /64";
  EXPECT_GT(throttle.begin_attempt("2001:db8:1:2::abcd", fresh, test_epoch).wait, seconds(0));
  EXPECT_EQ(throttle.retry_after("2001:db8:1:3::1", fresh, test_epoch), seconds(0)) << "the next /64";
}

TEST(sign_in_throttle, account_keys_do_not_collide) {
  EXPECT_NE(sign_in_throttle::account_key("ab", "c"), sign_in_throttle::account_key("a", "bc"));
}

// Two servers on one database: two storages on one database, each with
// the throttle its server builds.
class two_servers_test : public ::testing::TestWithParam<test_backend> {
 protected:
  test_database database_{GetParam()};
  std::unique_ptr<sql_storage> store_a_ = database_.migrated(test_epoch);
  std::unique_ptr<sql_storage> store_b_ = database_.migrated(test_epoch);
  sign_in_throttle server_a{*store_a_, "sign_in"};
  sign_in_throttle server_b{*store_b_, "sign_in"};
};

INSTANTIATE_TEST_SUITE_P(databases, two_servers_test, ::testing::ValuesIn(all_test_backends), backend_name);

TEST_P(two_servers_test, share_one_throttle) {
  fail_times(server_a, account_backoff.free_failures + 1, address, account, test_epoch);
  EXPECT_EQ(server_b.retry_after("198.51.100.99", account, test_epoch), account_backoff.base_delay)
      << "the failures counted on A hold the account back on B";
  EXPECT_EQ(server_b.begin_attempt("198.51.100.99", account, test_epoch).wait, account_backoff.base_delay);

  const timestamp after_wait = test_epoch + account_backoff.base_delay;
  EXPECT_EQ(server_b.begin_attempt(address, account, after_wait).wait, seconds(0));
  EXPECT_GT(server_a.begin_attempt(address, account, after_wait).wait, seconds(0))
      << "B's attempt in flight holds A back: beyond the free failures one at a time";
  server_b.end_attempt(address, account, attempt_outcome::failed, after_wait);
  EXPECT_EQ(server_a.retry_after(address, account, after_wait), 2 * account_backoff.base_delay)
      << "B's failure doubles the wait on A";

  const timestamp later = after_wait + 2 * account_backoff.base_delay;
  ASSERT_EQ(server_a.begin_attempt(address, account, later).wait, seconds(0));
  server_a.end_attempt(address, account, attempt_outcome::succeeded, later);
  EXPECT_EQ(server_b.retry_after("198.51.100.99", account, later), seconds(0)) << "A's success clears it for B";
}

TEST_P(two_servers_test, share_the_address_of_an_ipv6_client_by_its_64) {
  for (int i = 0; i <= address_backoff.free_failures; ++i) {
    fail(i % 2 == 0 ? server_a : server_b, "2001:db8:1:2::" + std::to_string(i + 1),
         sign_in_throttle::account_key("acme corp", "user" + std::to_string(i)), test_epoch);
  }
  const std::string fresh = sign_in_throttle::account_key("acme corp", "someone-new");
  EXPECT_GT(server_a.begin_attempt("2001:db8:1:2:ffff::9", fresh, test_epoch).wait, seconds(0));
  EXPECT_GT(server_b.begin_attempt("2001:db8:1:2::abcd", fresh, test_epoch).wait, seconds(0));
}

// The racers meet as they call the throttle, half on each server: whatever
// keeps "one at a time" true must be the storage's one step, not luck.
TEST_P(two_servers_test, parallel_attempts_split_across_both_get_no_more_than_one_at_a_time) {
  constexpr int racers_per_server = 8;
  rendezvous_storage racing_a(*store_a_, rendezvous_read::throttle, racers_per_server);
  rendezvous_storage racing_b(*store_b_, rendezvous_read::throttle, racers_per_server);
  sign_in_throttle on_a(racing_a, "sign_in");
  sign_in_throttle on_b(racing_b, "sign_in");
  std::atomic<int> admitted{0};
  {
    std::vector<std::jthread> racers;
    for (int i = 0; i < 2 * racers_per_server; ++i) {
      racers.emplace_back([&, i] {
        if ((i % 2 == 0 ? on_a : on_b).begin_attempt(address, account, test_epoch).wait == seconds(0)) ++admitted;
      });
    }
  }
  EXPECT_EQ(admitted.load(), account_backoff.free_failures + 1) << "as many as one at a time would evaluate";
}

// A server that dies leaves its attempts in flight: they count for their
// lease, then no more.
TEST_P(two_servers_test, the_attempts_in_flight_of_a_server_that_died_end_with_their_lease) {
  for (int i = 0; i <= account_backoff.free_failures; ++i) {
    ASSERT_EQ(server_a.begin_attempt(address, account, test_epoch).wait, seconds(0));
  }
  EXPECT_GT(server_b.begin_attempt(address, account, test_epoch).wait, seconds(0));
  EXPECT_EQ(server_b.begin_attempt(address, account, test_epoch + attempt_lease).wait, seconds(0))
      << "A never ended them";
}

}  // namespace
}  // namespace twofold::server::testing
