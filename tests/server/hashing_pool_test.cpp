// The password-hashing pool's threads yield to the rest of the server: the
// work posted to it runs nicer than the thread that posted it, which keeps
// its own priority.
#include <gtest/gtest.h>

#include <cerrno>
#include <algorithm>
#include <future>

#include <sys/resource.h>
#include <unistd.h>

#include "http/hashing_pool.hpp"
#include "runtime/thread_priority.hpp"

namespace twofold::server::testing {
namespace {

int this_thread_nice() {
  errno = 0;
  const int nice = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
  EXPECT_EQ(errno, 0);
  return nice;
}

TEST(hashing_pool, runs_its_work_at_a_lower_priority_than_the_thread_posting_it) {
  const int poster = this_thread_nice();
  hashing_pool pool(2, 4);
  for (int each = 0; each < 4; ++each) {
    std::promise<int> seen;
    auto nice = seen.get_future();
    ASSERT_TRUE(pool.try_post([&seen] { seen.set_value(this_thread_nice()); }));
    // Nice values stop at 19: a test run already that nice sees 19.
    EXPECT_EQ(nice.get(), std::min(poster + password_hashing_niceness, 19)) << "work " << each;
  }
  EXPECT_EQ(this_thread_nice(), poster) << "the posting thread keeps its priority";
  pool.join();
}

}  // namespace
}  // namespace twofold::server::testing
