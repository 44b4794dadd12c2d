// GET /api/me and DELETE /api/session through app.handle: the session lives
// on the server, and signing out ends it there.
#include <gtest/gtest.h>

#include "support/app_harness.hpp"
#include "support/two_factor_steps.hpp"
#include "twofold/i18n/catalog.hpp"

namespace twofold::server::testing {
namespace {

TEST(app_session, me_answers_with_the_signed_in_user) {
  app_harness h;
  const auto signed_in = h.sign_in_as(alice);
  const auto me = h.get("/api/me", {{"cookie", "theme=dark; " + cookie_of(signed_in) + "; other=1"}});
  ASSERT_EQ(me.status, 200U) << me.body;
  EXPECT_EQ(json_of(me)["user"], json_of(signed_in)["user"]) << "the same user as sign-in";
  EXPECT_EQ(json_of(me)["home"], json_of(signed_in)["home"]);
  EXPECT_EQ(header_of(me, "Cache-Control"), "no-store");
}

TEST(app_session, me_without_a_session_is_not_signed_in) {
  app_harness h;
  const auto response = h.get("/api/me");
  ASSERT_EQ(response.status, 401U);
  EXPECT_EQ(json_of(response)["error"]["code"], "not_signed_in");
  EXPECT_TRUE(headers_named(response, "Set-Cookie").empty());

  const auto forged = h.get("/api/me", {{"cookie", "twofold_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}});
  EXPECT_EQ(forged.status, 401U);
  EXPECT_TRUE(header_of(forged, "Set-Cookie").starts_with("twofold_session=; Max-Age=0")) << "stale cookie cleared";
}

TEST(app_session, sign_out_ends_the_session_on_the_server) {
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

TEST(app_session, sign_out_without_a_session_still_succeeds) {
  app_harness h;
  const auto response = h.remove("/api/session");
  EXPECT_EQ(response.status, 204U);
  EXPECT_TRUE(header_of(response, "Set-Cookie").starts_with("twofold_session=; Max-Age=0"));
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM audit_events"), 0);
}

TEST(app_session, sign_out_clears_the_secure_cookie_over_tls) {
  app_harness h;
  auto request = h.request("DELETE", "/api/session", {{"x-requested-with", "twofold"}});
  request.tls = true;
  const auto cleared = header_of(h.send(request), "Set-Cookie");
  EXPECT_TRUE(cleared.starts_with("__Host-twofold_session=; Max-Age=0")) << cleared;
  EXPECT_NE(cleared.find("; Secure"), std::string::npos);
}

TEST(app_session, ends_after_thirty_idle_minutes) {
  app_harness h;
  const auto cookie = cookie_of(h.sign_in_as(alice));
  h.clock.advance(std::chrono::minutes(29));
  ASSERT_EQ(h.get("/api/me", {{"cookie", cookie}}).status, 200U);
  h.clock.advance(std::chrono::minutes(29));
  ASSERT_EQ(h.get("/api/me", {{"cookie", cookie}}).status, 200U) << "use restarted the idle timer";
  h.clock.advance(std::chrono::minutes(30));
  EXPECT_EQ(h.get("/api/me", {{"cookie", cookie}}).status, 401U);
}

TEST(app_session, follows_the_configured_timeouts) {
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

TEST(app_session, the_language_chosen_at_sign_in_is_the_sessions_and_can_be_saved_as_the_users) {
  app_harness h;
  test_browser alice_browser(h);
  auto form = nlohmann::json::parse(sign_in_body("Acme Corp", "alice", alice.password));
  form["language"] = "zh-CN";
  const auto signed_in = alice_browser.post("/api/session", form.dump());
  ASSERT_EQ(signed_in.status, 200U) << signed_in.body;
  EXPECT_EQ(json_of(signed_in)["user"]["language"], "zh-CN") << "alice's own language is English";
  EXPECT_EQ(json_of(alice_browser.get("/api/me"))["user"]["language"], "zh-CN");
  EXPECT_EQ(json_of(alice_browser.get("/api/nothing"))["error"]["message"],
            std::string(i18n::translate(i18n::language::zh_cn, "error.not_found")))
      << "the session's answers speak it";

  test_browser other_browser(h);
  ASSERT_EQ(other_browser.sign_in(alice).status, 200U);
  EXPECT_EQ(json_of(other_browser.get("/api/me"))["user"]["language"], "en") << "another session: her own";

  const auto kept = alice_browser.put("/api/me/language", R"({"language":"en"})");
  ASSERT_EQ(kept.status, 200U) << kept.body;
  EXPECT_EQ(json_of(kept)["user"]["language"], "en");
  EXPECT_EQ(h.probe().text("SELECT coalesce(language, '-') FROM users WHERE username = 'alice'"), "-")
      << "without save the preference stays";

  const auto saved = other_browser.put("/api/me/language", R"({"language":"zh-CN","save":true})");
  ASSERT_EQ(saved.status, 200U) << saved.body;
  EXPECT_EQ(h.probe().text("SELECT language FROM users WHERE username = 'alice'"), "zh-CN");
  test_browser third_browser(h);
  ASSERT_EQ(third_browser.sign_in(alice).status, 200U);
  EXPECT_EQ(json_of(third_browser.get("/api/me"))["user"]["language"], "zh-CN") << "the next sign-in follows the preference";
}

TEST(app_session, a_chosen_language_must_be_one_we_speak) {
  app_harness h;
  test_browser browser(h);
  ASSERT_EQ(browser.sign_in(alice).status, 200U);
  for (const char* body : {R"({"language":"tlh"})", R"({"language":7})", R"({})"}) {
    const auto refused = browser.put("/api/me/language", body);
    EXPECT_EQ(refused.status, 400U) << body;
    EXPECT_EQ(json_of(refused)["error"]["fields"][0]["field"], "language") << body;
  }
  EXPECT_EQ(browser.put("/api/me/language", R"({"language":"en","save":"yes"})").status, 400U);
  EXPECT_EQ(h.send(h.request("PUT", "/api/me/language", {{"x-requested-with", "twofold"}, {"origin", std::string(test_origin)}},
                             R"({"language":"en"})")).status,
            401U);
}

}  // namespace
}  // namespace twofold::server::testing
