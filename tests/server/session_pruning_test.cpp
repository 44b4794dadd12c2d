// The session pruner runs at start (and then on its timer) on a thread of
// its own and logs what it deleted.
#include <gtest/gtest.h>

#include <sstream>

#include "auth/session_pruning.hpp"
#include "support/app_harness.hpp"

namespace twofold::server::testing {
namespace {

TEST(session_pruning, the_pruner_deletes_expired_sessions_at_start_and_logs_the_count) {
  app_harness h;
  ASSERT_EQ(h.sign_in_as(alice).status, 200U);
  h.clock.advance(std::chrono::hours(13));  // past the absolute timeout
  ASSERT_EQ(h.sign_in_as(bob).status, 200U);
  ASSERT_EQ(h.database().integer("SELECT count(*) FROM sessions"), 2);

  std::ostringstream log_text;
  logger log(log_text);
  {
    auto pruner = session_pruner(h.real_storage(), h.clock, log, session_policy{});
    pruner.start();
    pruner.stop();
  }
  EXPECT_EQ(h.database().integer("SELECT count(*) FROM sessions"), 1) << "bob's, still live";
  EXPECT_NE(log_text.str().find(R"("session.pruned")"), std::string::npos) << log_text.str();
  EXPECT_NE(log_text.str().find(R"("deleted":1)"), std::string::npos) << log_text.str();
}

}  // namespace
}  // namespace twofold::server::testing
