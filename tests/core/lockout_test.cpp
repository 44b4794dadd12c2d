// The second-factor lockout (twofold/security/lockout.hpp), walked step by
// step: five attempts, warnings with the 3rd and 4th wrong code, locked by
// the 5th until an administrator unlocks or for a time.
#include "twofold/security/lockout.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

namespace twofold {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const timestamp t0{seconds{1'700'000'000}};
const lock_mode until_unlocked{};
const lock_mode five_minutes{minutes{5}};

TEST(lockout, five_wrong_codes_count_down_warn_on_the_third_and_fourth_and_lock_on_the_fifth) {
  std::vector<wrong_code_verdict> verdicts;
  for (int attempt = 1; attempt <= max_code_failures; ++attempt) verdicts.push_back(verdict_for_wrong_code(attempt));
  EXPECT_EQ(verdicts, (std::vector<wrong_code_verdict>{
                          {.attempts_left = 4, .warn = false, .locks = false},
                          {.attempts_left = 3, .warn = false, .locks = false},
                          {.attempts_left = 2, .warn = true, .locks = false},
                          {.attempts_left = 1, .warn = true, .locks = false},
                          {.attempts_left = 0, .warn = false, .locks = true},
                      }));
}

TEST(lockout, attempt_numbers_outside_the_row_are_clamped) {
  const auto first = verdict_for_wrong_code(1);
  EXPECT_EQ(verdict_for_wrong_code(0), first);
  EXPECT_EQ(verdict_for_wrong_code(-3), first);
  EXPECT_EQ(verdict_for_wrong_code(std::numeric_limits<int>::min()), first);
  const auto last = verdict_for_wrong_code(max_code_failures);
  EXPECT_EQ(verdict_for_wrong_code(max_code_failures + 1), last) << "a count past the lock still locks";
  EXPECT_EQ(verdict_for_wrong_code(std::numeric_limits<int>::max()), last);
}

TEST(lockout, the_locking_code_locks_until_an_administrator_unlocks) {
  const auto locked = locked_state(until_unlocked, t0);
  EXPECT_EQ(locked, (lockout_state{.failures = max_code_failures, .locked_at = t0, .locked_until = std::nullopt}));
  EXPECT_EQ(status_of(locked, t0), lock_status::locked);
  EXPECT_EQ(attempts_left(locked, t0), 0);
  EXPECT_EQ(status_of(locked, t0 + minutes{60 * 24 * 365}), lock_status::locked) << "time alone never unlocks";
  EXPECT_EQ(lock_remaining(locked, t0), seconds{0});
}

TEST(lockout, an_open_account_has_the_attempts_its_failures_leave) {
  EXPECT_EQ(status_of(lockout_state{}, t0), lock_status::open);
  EXPECT_EQ(attempts_left(lockout_state{}, t0), max_code_failures);
  for (int failures = 0; failures < max_code_failures; ++failures) {
    const lockout_state open{.failures = failures, .locked_at = std::nullopt, .locked_until = std::nullopt};
    EXPECT_EQ(attempts_left(open, t0), max_code_failures - failures);
    EXPECT_EQ(current(open, t0 + minutes{60}), open) << "failures are not forgotten with time alone";
  }
}

TEST(lockout, a_timed_lock_ends_by_itself_and_forgets_the_failures) {
  const auto locked = locked_state(five_minutes, t0);
  EXPECT_EQ(locked.locked_until, t0 + minutes{5});
  EXPECT_EQ(status_of(locked, t0), lock_status::locked_timed);
  EXPECT_EQ(attempts_left(locked, t0), 0);
  EXPECT_EQ(lock_remaining(locked, t0 + seconds{60}), seconds{240});
  EXPECT_EQ(status_of(locked, t0 + minutes{5} - seconds{1}), lock_status::locked_timed);
  EXPECT_EQ(lock_remaining(locked, t0 + minutes{5} - seconds{1}), seconds{1});
  EXPECT_EQ(status_of(locked, t0 + minutes{5}), lock_status::open);
  EXPECT_EQ(lock_remaining(locked, t0 + minutes{5}), seconds{0});
  EXPECT_EQ(attempts_left(locked, t0 + minutes{5}), max_code_failures);
  EXPECT_EQ(current(locked, t0 + minutes{5}), lockout_state{});
}

}  // namespace
}  // namespace twofold
