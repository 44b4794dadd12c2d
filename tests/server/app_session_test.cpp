// GET /api/me and DELETE /api/session through app.handle: the session lives
// on the server, and signing out ends it there.
#include <gtest/gtest.h>

#include "support/app_harness.hpp"

namespace twofold::server::testing {
namespace {

TEST(AppSession, MeAnswersWithTheSignedInUser) {
  app_harness h;
  const auto signed_in = h.sign_in_as(alice);
  const auto me = h.get("/api/me", {{"cookie", "theme=dark; " + cookie_of(signed_in) + "; other=1"}});
  ASSERT_EQ(me.status, 200U) << me.body;
  EXPECT_EQ(json_of(me)["user"], json_of(signed_in)["user"]) << "the same user as sign-in";
  EXPECT_EQ(json_of(me)["home"], json_of(signed_in)["home"]);
  EXPECT_EQ(header_of(me, "Cache-Control"), "no-store");
}

TEST(AppSession, MeWithoutASessionIsNotSignedIn) {
  app_harness h;
  const auto response = h.get("/api/me");
  ASSERT_EQ(response.status, 401U);
  EXPECT_EQ(json_of(response)["error"]["code"], "not_signed_in");
  EXPECT_TRUE(headers_named(response, "Set-Cookie").empty());

  const auto forged = h.get("/api/me", {{"cookie", "twofold_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}});
  EXPECT_EQ(forged.status, 401U);
  EXPECT_TRUE(header_of(forged, "Set-Cookie").starts_with("twofold_session=; Max-Age=0")) << "stale cookie cleared";
}

TEST(AppSession, SignOutEndsTheSessionOnTheServer) {
  app_harness h;
  const auto cookie = cookie_of(h.sign_in_as(alice));
  ASSERT_EQ(h.get("/api/me", {{"cookie", cookie}}).status, 200U);

  const auto signed_out = h.remove("/api/session", {{"cookie", cookie}});

  EXPECT_EQ(signed_out.status, 204U);
  EXPECT_TRUE(signed_out.body.empty());
  const auto cleared = header_of(signed_out, "Set-Cookie");
  EXPECT_TRUE(cleared.starts_with("twofold_session=; Max-Age=0")) << cleared;
  EXPECT_NE(cleared.find("HttpOnly"), std::string::npos);
  // A copy of the old cookie, replayed, is worth nothing.
  EXPECT_EQ(h.get("/api/me", {{"cookie", cookie}}).status, 401U);
  auto probe = h.probe();
  EXPECT_EQ(probe.integer("SELECT count(*) FROM sessions"), 0);
  EXPECT_EQ(probe.integer("SELECT count(*) FROM audit_events WHERE event = 'sign_out'"), 1);
}

TEST(AppSession, SignOutWithoutASessionStillSucceeds) {
  app_harness h;
  const auto response = h.remove("/api/session");
  EXPECT_EQ(response.status, 204U);
  EXPECT_TRUE(header_of(response, "Set-Cookie").starts_with("twofold_session=; Max-Age=0"));
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM audit_events"), 0);
}

TEST(AppSession, SignOutClearsTheSecureCookieOverTls) {
  app_harness h;
  auto request = h.request("DELETE", "/api/session", {{"x-requested-with", "twofold"}});
  request.tls = true;
  const auto cleared = header_of(h.send(request), "Set-Cookie");
  EXPECT_TRUE(cleared.starts_with("__Host-twofold_session=; Max-Age=0")) << cleared;
  EXPECT_NE(cleared.find("; Secure"), std::string::npos);
}

TEST(AppSession, EndsAfterThirtyIdleMinutes) {
  app_harness h;
  const auto cookie = cookie_of(h.sign_in_as(alice));
  h.clock.advance(std::chrono::minutes(29));
  ASSERT_EQ(h.get("/api/me", {{"cookie", cookie}}).status, 200U);
  h.clock.advance(std::chrono::minutes(29));
  ASSERT_EQ(h.get("/api/me", {{"cookie", cookie}}).status, 200U) << "use restarted the idle timer";
  h.clock.advance(std::chrono::minutes(30));
  EXPECT_EQ(h.get("/api/me", {{"cookie", cookie}}).status, 401U);
}

TEST(AppSession, FollowsTheConfiguredTimeouts) {
  app_harness h([](config& cfg) {
    cfg.session_idle_timeout = std::chrono::minutes(5);
    cfg.session_absolute_timeout = std::chrono::hours(1);
  });
  const auto cookie = cookie_of(h.sign_in_as(alice));
  h.clock.advance(std::chrono::minutes(5));
  EXPECT_EQ(h.get("/api/me", {{"cookie", cookie}}).status, 401U);

  const auto busy = cookie_of(h.sign_in_as(alice));
  for (int i = 0; i < 14; ++i) {
    h.clock.advance(std::chrono::minutes(4));
    ASSERT_EQ(h.get("/api/me", {{"cookie", busy}}).status, 200U) << i;
  }
  h.clock.advance(std::chrono::minutes(4));  // 60 minutes after sign-in
  EXPECT_EQ(h.get("/api/me", {{"cookie", busy}}).status, 401U);
}

}  // namespace
}  // namespace twofold::server::testing
