// The second-factor lockout (twofold/security/lockout.hpp), walked step by
// step: five attempts, warnings on the 3rd and 4th failure, then locked
// until an administrator unlocks or for a time.
#include "twofold/security/lockout.hpp"

#include <gtest/gtest.h>

namespace twofold {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const timestamp t0{seconds{1'700'000'000}};
const lock_mode until_unlocked{};
const lock_mode five_minutes{minutes{5}};

lockout_state failed(int times, const lock_mode& mode) {
  lockout_state state;
  for (int i = 0; i < times; ++i) state = after_failure(state, mode, t0);
  return state;
}

TEST(lockout, counts_down_five_attempts_and_warns_on_the_third_and_fourth_failure) {
  std::vector<int> left;
  std::vector<bool> warned;
  lockout_state state;
  for (int failure = 1; failure <= 5; ++failure) {
    state = after_failure(state, until_unlocked, t0);
    left.push_back(attempts_left(state, t0));
    warned.push_back(warns(left.back()));
  }
  EXPECT_EQ(left, (std::vector<int>{4, 3, 2, 1, 0}));
  EXPECT_EQ(warned, (std::vector<bool>{false, false, true, true, false}));
}

TEST(lockout, the_fifth_failure_locks_until_an_administrator_unlocks) {
  EXPECT_EQ(status_of(failed(4, until_unlocked), t0), lock_status::open);
  const auto locked = failed(5, until_unlocked);
  EXPECT_EQ(status_of(locked, t0), lock_status::locked);
  EXPECT_EQ(locked.locked_at, t0);
  EXPECT_FALSE(locked.locked_until);
  EXPECT_EQ(status_of(locked, t0 + minutes{60 * 24 * 365}), lock_status::locked) << "time alone never unlocks";
  EXPECT_EQ(lock_remaining(locked, t0), seconds{0});
}

TEST(lockout, a_locked_account_counts_nothing_more) {
  const auto locked = failed(5, until_unlocked);
  EXPECT_EQ(after_failure(locked, until_unlocked, t0 + seconds{1}), locked);
}

TEST(lockout, a_timed_lock_ends_by_itself_and_forgets_the_failures) {
  const auto locked = failed(5, five_minutes);
  EXPECT_EQ(status_of(locked, t0), lock_status::locked_timed);
  EXPECT_EQ(lock_remaining(locked, t0 + seconds{60}), seconds{240});
  EXPECT_EQ(status_of(locked, t0 + minutes{5} - seconds{1}), lock_status::locked_timed);
  EXPECT_EQ(status_of(locked, t0 + minutes{5}), lock_status::open);
  EXPECT_EQ(attempts_left(locked, t0 + minutes{5}), max_code_failures);
  EXPECT_EQ(current(locked, t0 + minutes{5}), lockout_state{});
  EXPECT_EQ(after_failure(locked, five_minutes, t0 + minutes{5}).failures, 1);
}

TEST(lockout, warns_only_with_one_or_two_attempts_left) {
  EXPECT_FALSE(warns(0));
  EXPECT_TRUE(warns(1));
  EXPECT_TRUE(warns(2));
  EXPECT_FALSE(warns(3));
  EXPECT_FALSE(warns(5));
}

}  // namespace
}  // namespace twofold
