// The password-failure back-off (twofold/security/backoff.hpp), walked step by
// step with the default policy: 5 free failures, 1 s doubling to 15 min,
// forgotten after an hour of quiet.
#include "twofold/security/backoff.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace twofold {
namespace {

using std::chrono::seconds;

const timestamp t0{seconds{1'700'000'000}};

failure_record failures_at(int failures, timestamp last) { return {failures, last}; }

TEST(backoff, free_failures_cause_no_delay) {
  const backoff_policy policy;
  for (int failures = 0; failures <= 5; ++failures) {
    EXPECT_EQ(retry_after(policy, failures_at(failures, t0), t0), seconds{0}) << failures;
  }
}

TEST(backoff, each_further_failure_doubles_the_delay) {
  const backoff_policy policy;
  EXPECT_EQ(retry_after(policy, failures_at(6, t0), t0), seconds{1});
  EXPECT_EQ(retry_after(policy, failures_at(7, t0), t0), seconds{2});
  EXPECT_EQ(retry_after(policy, failures_at(8, t0), t0), seconds{4});
  EXPECT_EQ(retry_after(policy, failures_at(9, t0), t0), seconds{8});
  EXPECT_EQ(retry_after(policy, failures_at(15, t0), t0), seconds{512});
}

TEST(backoff, the_delay_is_capped_at_max_delay) {
  const backoff_policy policy;
  EXPECT_EQ(retry_after(policy, failures_at(16, t0), t0), seconds{900});  // 1024 s capped
  EXPECT_EQ(retry_after(policy, failures_at(1000, t0), t0), seconds{900});
  EXPECT_EQ(retry_after(policy, failures_at(std::numeric_limits<int>::max(), t0), t0), seconds{900});
}

TEST(backoff, the_wait_shrinks_as_time_passes) {
  const backoff_policy policy;
  const auto record = failures_at(9, t0);  // 8 s delay
  EXPECT_EQ(retry_after(policy, record, t0 + seconds{3}), seconds{5});
  EXPECT_EQ(retry_after(policy, record, t0 + seconds{7}), seconds{1});
  EXPECT_EQ(retry_after(policy, record, t0 + seconds{8}), seconds{0});
  EXPECT_EQ(retry_after(policy, record, t0 + seconds{100}), seconds{0});
}

TEST(backoff, a_clock_that_went_backwards_never_stretches_the_wait) {
  const backoff_policy policy;
  EXPECT_EQ(retry_after(policy, failures_at(9, t0), t0 - seconds{500}), seconds{8});
}

TEST(backoff, record_failure_counts_and_stamps) {
  const backoff_policy policy;
  const auto first = record_failure(policy, {}, t0);
  EXPECT_EQ(first.failures, 1);
  EXPECT_EQ(first.last_failure, t0);
  const auto second = record_failure(policy, first, t0 + seconds{10});
  EXPECT_EQ(second.failures, 2);
  EXPECT_EQ(second.last_failure, t0 + seconds{10});
}

TEST(backoff, six_quick_failures_then_a_one_second_wait) {
  const backoff_policy policy;
  failure_record record;
  for (int i = 0; i < 5; ++i) {
    record = record_failure(policy, record, t0);
    EXPECT_EQ(retry_after(policy, record, t0), seconds{0}) << i;
  }
  record = record_failure(policy, record, t0);
  EXPECT_EQ(retry_after(policy, record, t0), seconds{1});
}

TEST(backoff, a_record_quiet_for_forget_after_starts_again) {
  const backoff_policy policy;
  const auto busy = failures_at(20, t0);
  EXPECT_EQ(retry_after(policy, busy, t0 + seconds{3600}), seconds{0});
  EXPECT_EQ(record_failure(policy, busy, t0 + seconds{3600}).failures, 1);
  EXPECT_EQ(record_failure(policy, busy, t0 + seconds{3599}).failures, 21);
}

TEST(backoff, a_stale_record_is_forgotten_even_while_its_delay_would_run) {
  const backoff_policy policy{5, seconds{1}, seconds{7200}, seconds{60}};
  const auto busy = failures_at(30, t0);  // delay would be capped at 7200 s
  EXPECT_EQ(retry_after(policy, busy, t0 + seconds{59}), seconds{7141});
  EXPECT_EQ(retry_after(policy, busy, t0 + seconds{60}), seconds{0});
}

TEST(backoff, the_failure_count_saturates_instead_of_overflowing) {
  const backoff_policy policy;
  const auto record = record_failure(policy, failures_at(std::numeric_limits<int>::max(), t0), t0);
  EXPECT_EQ(record.failures, std::numeric_limits<int>::max());
}

TEST(backoff, a_zero_base_delay_never_delays) {
  const backoff_policy policy{0, seconds{0}, seconds{900}, seconds{3600}};
  EXPECT_EQ(retry_after(policy, failures_at(50, t0), t0), seconds{0});
}

}  // namespace
}  // namespace twofold
