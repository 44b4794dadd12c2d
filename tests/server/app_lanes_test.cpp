// Where the application lets the HTTP layer run each request: on the I/O
// thread only what is answered from memory, the routes that may hash a
// password on the hashing pool, everything else on the workers.
#include <gtest/gtest.h>

#include <string>

#include "app/route.hpp"
#include "support/app_harness.hpp"

namespace twofold::server::testing {
namespace {

class app_lanes_test : public ::testing::Test {
 protected:
  request_lane lane(std::string method, std::string target) {
    return harness_.application().lane_of(harness_.request(std::move(method), std::move(target)));
  }

  app_harness harness_;
};

TEST_F(app_lanes_test, answers_from_memory_run_on_the_io_thread) {
  EXPECT_EQ(lane("GET", "/healthz"), request_lane::io_thread);
  EXPECT_EQ(lane("HEAD", "/healthz"), request_lane::io_thread);
  EXPECT_EQ(lane("GET", "/"), request_lane::io_thread);
  EXPECT_EQ(lane("GET", "/js/app.js?v=1"), request_lane::io_thread);
  EXPECT_EQ(lane("GET", "/core/twofold_core.wasm"), request_lane::io_thread);
  EXPECT_EQ(lane("GET", "/no/such/file"), request_lane::io_thread);
}

// Refusals of other methods speak the session's language, read from the
// database; /readyz and /metrics read it too, and the SSO callback signs in.
TEST_F(app_lanes_test, what_may_read_the_database_runs_on_the_workers) {
  EXPECT_EQ(lane("POST", "/"), request_lane::workers);
  EXPECT_EQ(lane("DELETE", "/healthz"), request_lane::workers);
  EXPECT_EQ(lane("GET", "/readyz"), request_lane::workers);
  EXPECT_EQ(lane("GET", "/metrics"), request_lane::workers);
  EXPECT_EQ(lane("GET", "/api/me"), request_lane::workers);
  EXPECT_EQ(lane("POST", "/api/session/second-step"), request_lane::workers);
  EXPECT_EQ(lane("GET", "/api/no-such-route"), request_lane::workers);
  EXPECT_EQ(lane("GET", "/api/session"), request_lane::workers);  // no such method: a 405
}

TEST_F(app_lanes_test, routes_that_may_hash_a_password_run_on_the_hashing_pool) {
  EXPECT_EQ(lane("POST", "/api/session"), request_lane::password_hashing);
  EXPECT_EQ(lane("POST", "/api/session/new-password"), request_lane::password_hashing);
  EXPECT_EQ(lane("POST", "/api/password/reset"), request_lane::password_hashing);
  EXPECT_EQ(lane("DELETE", "/api/me/two-factor"), request_lane::password_hashing);
  EXPECT_EQ(lane("POST", "/api/admin/users/42/password"), request_lane::password_hashing);
  EXPECT_EQ(lane("POST", "/api/password/forgot"), request_lane::workers);  // resolved off the request path
}

// Each route declared to hash is one whose handler takes a password, a new
// password or creates an account (whose first password is hashed).
TEST_F(app_lanes_test, the_hashing_routes_are_the_declared_ones) {
  std::vector<std::string> hashing;
  for (const auto& declared : app::api_routes()) {
    if (declared.lane == request_lane::password_hashing) {
      hashing.push_back(std::string(declared.method) + " " + std::string(declared.path));
    }
  }
  EXPECT_EQ(hashing, (std::vector<std::string>{
                         "POST /api/session",
                         "POST /api/session/new-password",
                         "POST /api/session/bind",
                         "DELETE /api/me/sso",
                         "POST /api/password/reset",
                         "DELETE /api/me/two-factor",
                         "POST /api/me/two-factor/sms",
                         "POST /api/me/backup-codes",
                         "POST /api/admin/users",
                         "POST /api/admin/users/{id}/password",
                     }));
}

}  // namespace
}  // namespace twofold::server::testing
