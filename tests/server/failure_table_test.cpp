// The throttle's bounded table: never above its capacity whatever the number
// of keys; a flood of fresh keys evicts fresh keys, not a record holding a
// back-off; quiet records go first; refusals counted once per window.
#include <gtest/gtest.h>

#include <string>

#include "auth/failure_table.hpp"
#include "auth/sign_in_throttle.hpp"
#include "support/test_accounts.hpp"

namespace twofold::server::testing {
namespace {

using std::chrono::seconds;

constexpr backoff_policy policy{};

void fail(failure_table& table, const std::string& key, int times, timestamp at) {
  for (int i = 0; i < times; ++i) table.record_failure(key, at);
}

TEST(failure_table, holds_no_more_than_its_capacity_whatever_the_number_of_keys) {
  failure_table table(policy, 100);
  for (int i = 0; i < 20'000; ++i) table.record_failure("203.0.113." + std::to_string(i), test_epoch + seconds(i % 50));
  EXPECT_EQ(table.size(), 100U);
}

TEST(failure_table, a_flood_of_fresh_keys_cannot_evict_a_record_that_holds_a_back_off) {
  failure_table table(policy, 100);
  fail(table, "attacker", policy.free_failures + 5, test_epoch);
  for (int i = 0; i < 10'000; ++i) table.record_failure("flood-" + std::to_string(i), test_epoch + seconds(1 + i % 60));
  ASSERT_NE(table.find("attacker"), nullptr) << "flooding must not reset the attacker's own record";
  EXPECT_EQ(table.find("attacker")->record.failures, policy.free_failures + 5);
  EXPECT_EQ(table.size(), 100U);
}

TEST(failure_table, evicts_the_fewest_failures_oldest_first) {
  failure_table table(policy, 3);
  fail(table, "two-old", 2, test_epoch);
  fail(table, "one-old", 1, test_epoch);
  fail(table, "one-new", 1, test_epoch + seconds(10));
  table.record_failure("newcomer", test_epoch + seconds(20));
  EXPECT_EQ(table.find("one-old"), nullptr);
  EXPECT_NE(table.find("one-new"), nullptr);
  EXPECT_NE(table.find("two-old"), nullptr);
  EXPECT_NE(table.find("newcomer"), nullptr);
}

TEST(failure_table, a_quiet_record_is_evicted_before_any_other_whatever_its_failures) {
  failure_table table(policy, 2);
  fail(table, "quiet", 30, test_epoch);
  const timestamp later = test_epoch + policy.forget_after;
  table.record_failure("fresh", later);
  table.record_failure("newcomer", later);
  EXPECT_EQ(table.find("quiet"), nullptr) << "it would count from zero anyway";
  EXPECT_NE(table.find("fresh"), nullptr);
}

TEST(failure_table, counts_the_refusals_of_a_window_and_hands_the_count_back_when_it_ends) {
  failure_table table(policy, 10);
  fail(table, "key", policy.free_failures + 1, test_epoch);
  EXPECT_EQ(table.refuse("key", test_epoch, "w1"), std::optional<std::string>("w1")) << "the first refusal opens it";
  for (int i = 0; i < 6; ++i) EXPECT_EQ(table.refuse("key", test_epoch, "unused"), std::nullopt);
  EXPECT_TRUE(table.take_ended_windows().empty()) << "still open";
  table.end_window("key");
  const auto ended = table.take_ended_windows();
  ASSERT_EQ(ended.size(), 1U);
  EXPECT_EQ(ended[0].tally_key, "w1");
  EXPECT_EQ(ended[0].count, 7);
  EXPECT_TRUE(table.take_ended_windows().empty());

  EXPECT_EQ(table.refuse("key", test_epoch, "w2"), std::optional<std::string>("w2"));
  table.end_window("key");
  EXPECT_TRUE(table.take_ended_windows().empty()) << "a single refusal's row already says 1";
}

TEST(failure_table, an_evicted_record_ends_its_window) {
  failure_table table(policy, 1);
  EXPECT_TRUE(table.refuse("key", test_epoch, "w1").has_value());
  EXPECT_FALSE(table.refuse("key", test_epoch, "w2").has_value());
  table.record_failure("other", test_epoch);
  const auto ended = table.take_ended_windows();
  ASSERT_EQ(ended.size(), 1U);
  EXPECT_EQ(ended[0].count, 2);
}

TEST(sign_in_throttle, is_bounded_per_kind_of_key_and_keeps_an_attackers_back_off_through_a_flood) {
  sign_in_throttle throttle(address_backoff, account_backoff, 64);
  const std::string attacker = "198.51.100.7";
  const std::string victim = sign_in_throttle::account_key("acme corp", "alice");
  for (int i = 0; i <= address_backoff.free_failures; ++i) throttle.record_failure(attacker, victim, test_epoch);
  ASSERT_GT(throttle.retry_after(attacker, victim, test_epoch), seconds(0));

  for (int i = 0; i < 5'000; ++i) {
    const auto address = "203.0.113." + std::to_string(i);
    throttle.record_failure(address, sign_in_throttle::account_key("acme corp", "user" + std::to_string(i)), test_epoch);
  }
  EXPECT_LE(throttle.addresses_held(), 64U);
  EXPECT_LE(throttle.accounts_held(), 64U);
  EXPECT_GT(throttle.retry_after(attacker, sign_in_throttle::account_key("acme corp", "someone"), test_epoch), seconds(0))
      << "the attacker's address is still held back";
  EXPECT_GT(throttle.retry_after("192.0.2.1", victim, test_epoch), seconds(0)) << "and the attacked account too";
}

}  // namespace
}  // namespace twofold::server::testing
