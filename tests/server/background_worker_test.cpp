// The background worker behind the outbox senders, the forgot-password
// requests and the audit prune: a pass at start, another on notify() long
// before the pass's own wait is up, none after stop(), and stop() cutting
// short both the wait and the settle delay.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "runtime/background_worker.hpp"

namespace twofold::server::testing {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

constexpr auto deadline = seconds{10};

// Counts the passes and lets the test wait for the n-th.
class pass_counter {
 public:
  background_worker::duration pass(background_worker::duration wait) {
    {
      std::lock_guard lock(mutex_);
      ++passes_;
    }
    changed_.notify_all();
    return wait;
  }

  bool wait_for(int passes) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, deadline, [&] { return passes_ >= passes; });
  }

  int passes() {
    std::lock_guard lock(mutex_);
    return passes_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int passes_ = 0;
};

TEST(background_worker, runs_a_pass_at_start_and_another_when_notified_long_before_its_wait_is_up) {
  pass_counter counter;
  background_worker worker([&] { return counter.pass(hours{1}); });
  EXPECT_FALSE(worker.running());
  worker.start();
  ASSERT_TRUE(counter.wait_for(1));
  EXPECT_TRUE(worker.running());

  worker.notify();
  ASSERT_TRUE(counter.wait_for(2));
  worker.stop();
  EXPECT_FALSE(worker.running());
  EXPECT_TRUE(worker.stopping());
  EXPECT_EQ(counter.passes(), 2);
}

TEST(background_worker, runs_again_when_the_wait_its_pass_asked_for_is_up) {
  pass_counter counter;
  background_worker worker([&] { return counter.pass(background_worker::duration::zero()); });
  worker.start();
  EXPECT_TRUE(counter.wait_for(3));  // nobody notifies
}

TEST(background_worker, stop_cuts_short_the_settle_delay_after_a_notify) {
  pass_counter counter;
  background_worker worker([&] { return counter.pass(hours{1}); }, hours{1});
  worker.start();
  ASSERT_TRUE(counter.wait_for(1));
  worker.notify();  // the next pass would come an hour later
  worker.stop();    // returns now: the test would time out otherwise
  EXPECT_EQ(counter.passes(), 1);
}

TEST(background_worker, a_worker_never_started_stops_at_once) {
  pass_counter counter;
  {
    background_worker worker([&] { return counter.pass(hours{1}); });
  }
  EXPECT_EQ(counter.passes(), 0);
}

}  // namespace
}  // namespace twofold::server::testing
