// CSRF: state-changing requests need X-Requested-With: twofold and, when the
// browser names one, our Origin.
#include <gtest/gtest.h>

#include "support/app_harness.hpp"
#include "twofold/i18n/catalog.hpp"

namespace twofold::server::testing {
namespace {

const std::string body = sign_in_body(acme, "alice", alice.password);

void expect_refused(const http_response& response) {
  EXPECT_EQ(response.status, 403U);
  EXPECT_EQ(json_of(response)["error"]["code"], "csrf_failed");
  EXPECT_TRUE(headers_named(response, "Set-Cookie").empty());
}

TEST(app_csrf, refuses_a_post_without_the_header) {
  app_harness h;
  expect_refused(h.send(h.request("POST", "/api/session", {{"origin", std::string(test_origin)}}, body)));
  expect_refused(h.send(h.request("POST", "/api/session", {}, body)));
  expect_refused(h.send(h.request("POST", "/api/session", {{"x-requested-with", "XMLHttpRequest"}}, body)));
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM audit_events"), 0) << "never reached sign-in";
  EXPECT_NE(h.logs().find("security.csrf_rejected"), std::string::npos);
}

TEST(app_csrf, refuses_a_foreign_origin) {
  app_harness h;
  for (const char* origin : {"http://evil.example", "https://twofold.test:8080", "http://twofold.test:8081", "null",
                             "http://twofold.test:8080.evil.example"}) {
    expect_refused(h.sign_in_as(alice, {{"origin", origin}}));
  }
}

TEST(app_csrf, accepts_our_origin_or_none) {
  app_harness h;
  EXPECT_EQ(h.sign_in_as(alice).status, 200U);
  EXPECT_EQ(h.sign_in_as(alice, {{"origin", "HTTP://TWOFOLD.test:8080"}}).status, 200U) << "case-insensitive";
  EXPECT_EQ(h.send(h.request("POST", "/api/session", {{"x-requested-with", "twofold"}}, body)).status, 200U)
      << "no Origin header: the custom header suffices";
}

TEST(app_csrf, checks_delete_too) {
  app_harness h;
  const auto cookie = cookie_of(h.sign_in_as(alice));
  expect_refused(h.send(h.request("DELETE", "/api/session", {{"cookie", cookie}})));
  EXPECT_EQ(h.get("/api/me", {{"cookie", cookie}}).status, 200U) << "still signed in";
  expect_refused(h.send(h.request("PUT", "/api/session", {{"origin", "http://evil.example"}})));
  expect_refused(h.send(h.request("PATCH", "/api/session", {})));
}

TEST(app_csrf, uses_the_configured_public_url_instead_of_host) {
  app_harness h([](config& cfg) { cfg.public_url = "https://sign-in.acme.example"; });
  expect_refused(h.sign_in_as(alice));  // Origin matches Host, but not the public URL
  EXPECT_EQ(h.sign_in_as(alice, {{"origin", "https://sign-in.acme.example"}}).status, 200U);
}

TEST(app_csrf, expects_https_origin_over_tls) {
  app_harness h;
  auto request =
      h.request("POST", "/api/session", {{"x-requested-with", "twofold"}, {"origin", std::string(test_origin)}}, body);
  request.tls = true;
  expect_refused(h.send(request));
  request.headers["origin"] = "https://twofold.test:8080";
  EXPECT_EQ(h.send(request).status, 200U);
}

TEST(app_csrf, leaves_reads_alone) {
  app_harness h;
  EXPECT_EQ(h.get("/api/me", {{"origin", "http://evil.example"}}).status, 401U);
  EXPECT_EQ(h.get("/", {{"origin", "http://evil.example"}}).status, 200U);
}

TEST(app_csrf, answers_in_the_signed_in_users_language) {
  app_harness h;
  const auto cookie = cookie_of(h.sign_in_as(bob));
  const auto response = h.send(h.request("DELETE", "/api/session", {{"cookie", cookie}, {"accept-language", "en"}}));
  ASSERT_EQ(response.status, 403U);
  EXPECT_EQ(json_of(response)["error"]["message"],
            std::string(i18n::translate(i18n::language::zh_cn, "error.csrf_failed")));
}

}  // namespace
}  // namespace twofold::server::testing
