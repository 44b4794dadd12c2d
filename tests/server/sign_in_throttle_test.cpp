// Throttling: free failures, then a doubling wait per address and per
// account; success clears the account only; quiet records are forgotten.
#include <gtest/gtest.h>

#include "auth/sign_in_throttle.hpp"
#include "support/test_accounts.hpp"

namespace twofold::server::testing {
namespace {

using std::chrono::seconds;

const std::string address = "192.0.2.10";
const std::string account = sign_in_throttle::account_key("acme corp", "alice");

void fail_times(sign_in_throttle& throttle, int times, const std::string& from, const std::string& key, timestamp at) {
  for (int i = 0; i < times; ++i) throttle.record_failure(from, key, at);
}

TEST(sign_in_throttle, allows_the_free_failures_then_doubles_the_wait) {
  sign_in_throttle throttle;
  fail_times(throttle, account_backoff.free_failures, address, account, test_epoch);
  EXPECT_EQ(throttle.retry_after(address, account, test_epoch), seconds(0));

  throttle.record_failure(address, account, test_epoch);
  EXPECT_EQ(throttle.retry_after(address, account, test_epoch), account_backoff.base_delay);

  const timestamp later = test_epoch + account_backoff.base_delay;
  EXPECT_EQ(throttle.retry_after(address, account, later), seconds(0));
  throttle.record_failure(address, account, later);
  EXPECT_EQ(throttle.retry_after(address, account, later), 2 * account_backoff.base_delay);
}

TEST(sign_in_throttle, counts_each_account_separately) {
  sign_in_throttle throttle;
  fail_times(throttle, account_backoff.free_failures + 1, address, account, test_epoch);
  const std::string other = sign_in_throttle::account_key("acme corp", "bob");
  EXPECT_EQ(throttle.retry_after(address, other, test_epoch), seconds(0));
  EXPECT_GT(throttle.retry_after("198.51.100.99", account, test_epoch), seconds(0))
      << "the account is throttled from every address";
}

TEST(sign_in_throttle, throttles_an_address_guessing_many_accounts) {
  sign_in_throttle throttle;
  for (int i = 0; i <= address_backoff.free_failures; ++i) {
    throttle.record_failure(address, sign_in_throttle::account_key("acme corp", "user" + std::to_string(i)),
                            test_epoch);
  }
  const std::string fresh = sign_in_throttle::account_key("acme corp", "someone-new");
  EXPECT_GT(throttle.retry_after(address, fresh, test_epoch), seconds(0));
  EXPECT_EQ(throttle.retry_after("198.51.100.99", fresh, test_epoch), seconds(0));
}

TEST(sign_in_throttle, an_address_gets_more_free_failures_than_an_account) {
  EXPECT_GT(address_backoff.free_failures, account_backoff.free_failures);
}

TEST(sign_in_throttle, success_clears_the_account_but_not_the_address) {
  sign_in_throttle throttle;
  fail_times(throttle, address_backoff.free_failures + 1, address, account, test_epoch);
  throttle.clear_account(account);
  EXPECT_GT(throttle.retry_after(address, account, test_epoch), seconds(0)) << "address still throttled";
  EXPECT_EQ(throttle.retry_after("198.51.100.99", account, test_epoch), seconds(0)) << "account cleared";
}

TEST(sign_in_throttle, forgets_quiet_records) {
  sign_in_throttle throttle;
  fail_times(throttle, account_backoff.free_failures + 1, address, account, test_epoch);
  const timestamp much_later = test_epoch + account_backoff.forget_after;
  EXPECT_EQ(throttle.retry_after(address, account, much_later), seconds(0));
  throttle.record_failure(address, account, much_later);
  EXPECT_EQ(throttle.retry_after(address, account, much_later), seconds(0)) << "counting starts again";
}

TEST(sign_in_throttle, uses_the_given_policies) {
  const backoff_policy strict{
      .free_failures = 0, .base_delay = seconds(10), .max_delay = seconds(40), .forget_after = seconds(3600)};
  sign_in_throttle throttle(strict, strict);
  fail_times(throttle, 5, address, account, test_epoch);
  EXPECT_EQ(throttle.retry_after(address, account, test_epoch), seconds(40)) << "capped at max_delay";
}

TEST(sign_in_throttle, parallel_attempts_get_no_more_than_one_at_a_time) {
  sign_in_throttle throttle;
  // One at a time, free_failures + 1 wrong passwords are evaluated before the first wait.
  const int evaluated_alone = account_backoff.free_failures + 1;
  for (int i = 0; i < evaluated_alone; ++i) {
    EXPECT_EQ(throttle.begin_attempt(address, account, test_epoch).wait, seconds(0)) << "attempt " << i;
  }
  EXPECT_GE(throttle.begin_attempt(address, account, test_epoch).wait, account_backoff.base_delay)
      << "all of those may still fail: no further attempt may start";
  EXPECT_EQ(throttle.begin_attempt(address, sign_in_throttle::account_key("acme corp", "bob"), test_epoch).wait, seconds(0))
      << "another account is not held up";

  for (int i = 0; i < evaluated_alone; ++i) {
    throttle.record_failure(address, account, test_epoch);
    throttle.end_attempt(address, account);
  }
  EXPECT_EQ(throttle.begin_attempt(address, account, test_epoch).wait, account_backoff.base_delay);
}

TEST(sign_in_throttle, beyond_the_free_failures_only_one_attempt_is_in_flight) {
  sign_in_throttle throttle;
  fail_times(throttle, account_backoff.free_failures + 1, address, account, test_epoch);
  const timestamp after_wait = test_epoch + account_backoff.base_delay;
  EXPECT_EQ(throttle.begin_attempt(address, account, after_wait).wait, seconds(0));
  EXPECT_GT(throttle.begin_attempt(address, account, after_wait).wait, seconds(0)) << "the back-off opens for one guess";
  throttle.end_attempt(address, account);
  throttle.clear_account(account);
  EXPECT_EQ(throttle.begin_attempt(address, account, after_wait).wait, seconds(0)) << "a success frees the account";
}

TEST(sign_in_throttle, ended_attempts_free_their_place) {
  const backoff_policy strict{
      .free_failures = 0, .base_delay = seconds(10), .max_delay = seconds(40), .forget_after = seconds(3600)};
  sign_in_throttle throttle(strict, strict);
  EXPECT_EQ(throttle.begin_attempt(address, account, test_epoch).wait, seconds(0));
  EXPECT_EQ(throttle.begin_attempt(address, account, test_epoch).wait, seconds(10));
  throttle.end_attempt(address, account);
  EXPECT_EQ(throttle.begin_attempt(address, account, test_epoch).wait, seconds(0)) << "nothing failed";
}

// An IPv6 host holds its whole /64 (client/network_prefix.hpp, throttle_key).
TEST(sign_in_throttle, counts_an_ipv6_client_by_its_64) {
  sign_in_throttle throttle;
  for (int i = 0; i <= address_backoff.free_failures; ++i) {
    throttle.record_failure("2001:db8:1:2::" + std::to_string(i + 1),
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

}  // namespace
}  // namespace twofold::server::testing
