// Routing, error shapes, health check, security headers on every answer as
// it goes on the wire, and a failing database answered with 500.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "app/route.hpp"
#include "app/security_headers.hpp"
#include "http/beast_messages.hpp"
#include "support/app_harness.hpp"
#include "twofold/i18n/catalog.hpp"

namespace twofold::server::testing {
namespace {

// The head the HTTP layer writes for an answer of the app.
std::string head_on_the_wire(http_response response, bool tls = false) {
  return to_wire(std::move(response), {.tls = tls}).head;
}

std::string field_line(std::string_view name, std::string_view value) {
  return std::string(name) + ": " + std::string(value) + "\r\n";
}

// docs/openapi.yaml is checked against the whole list (tests/api); here:
// each route once, under /api/, and the sign-in's own routes among them.
TEST(app_routing, lists_the_api_routes) {
  std::set<std::string> listed;
  for (const auto& route : app::api_routes()) {
    const std::string name = std::string(route.method) + " " + std::string(route.path);
    EXPECT_TRUE(route.path.starts_with("/api/")) << name;
    EXPECT_TRUE(listed.insert(name).second) << name;
  }
  for (const auto* route : {"POST /api/session", "DELETE /api/session", "GET /api/me", "GET /api/session/second-step",
                            "POST /api/session/second-step", "DELETE /api/session/second-step",
                            "POST /api/session/second-step/resend", "GET /api/me/two-factor",
                            "DELETE /api/me/two-factor", "POST /api/me/two-factor/email", "POST /api/me/two-factor/app",
                            "POST /api/me/two-factor/confirm", "GET /api/me/backup-codes", "POST /api/me/backup-codes",
                            "POST /api/me/backup-codes/download", "GET /api/admin/users",
                            "POST /api/admin/users/{id}/unlock", "GET /api/admin/security", "PUT /api/admin/security"}) {
    EXPECT_TRUE(listed.contains(route)) << route;
  }
}

TEST(app_routing, unknown_api_routes_are_json404s) {
  app_harness h;
  for (const char* target : {"/api/nothing", "/api", "/api/", "/api/me/extra", "/api/session/../me"}) {
    const auto response = h.get(target);
    EXPECT_EQ(response.status, 404U) << target;
    EXPECT_EQ(header_of(response, "Content-Type"), "application/json") << target;
    EXPECT_EQ(json_of(response)["error"]["code"], "not_found") << target;
    EXPECT_EQ(json_of(response)["error"]["message_key"], "error.not_found") << target;
  }
}

TEST(app_routing, wrong_methods_are405s_with_allow) {
  app_harness h;
  const auto get_session = h.get("/api/session");
  EXPECT_EQ(get_session.status, 405U);
  EXPECT_EQ(header_of(get_session, "Allow"), "POST, DELETE");
  EXPECT_EQ(json_of(get_session)["error"]["code"], "method_not_allowed");

  const auto post_me = h.post("/api/me", "{}");
  EXPECT_EQ(post_me.status, 405U);
  EXPECT_EQ(header_of(post_me, "Allow"), "GET");

  const auto post_page = h.post("/", "{}");
  EXPECT_EQ(post_page.status, 405U);
  EXPECT_EQ(header_of(post_page, "Allow"), "GET, HEAD");
}

TEST(app_routing, ignores_the_query_string) {
  app_harness h;
  const auto cookie = cookie_of(h.sign_in_as(alice));
  EXPECT_EQ(h.get("/api/me?fresh=1", {{"cookie", cookie}}).status, 200U);
  EXPECT_EQ(h.get("/healthz?probe").status, 200U);
}

TEST(app_routing, health_check_says_ok) {
  app_harness h;
  const auto response = h.get("/healthz");
  EXPECT_EQ(response.status, 200U);
  EXPECT_EQ(json_of(response), nlohmann::json::parse(R"({"status":"ok"})"));
  EXPECT_EQ(header_of(response, "Cache-Control"), "no-store");
  EXPECT_EQ(h.post("/healthz", "").status, 405U);
}

TEST(app_routing, every_answer_carries_the_security_headers) {
  app_harness h;
  const auto cookie = cookie_of(h.sign_in_as(alice));
  const std::vector<http_request> requests{
      h.request("GET", "/"),
      h.request("GET", "/css/app.css"),
      h.request("GET", "/missing.html"),
      h.request("GET", "/admin"),
      h.request("GET", "/healthz"),
      h.request("GET", "/api/me", {{"cookie", cookie}}),
      h.request("GET", "/api/me"),
      h.request("GET", "/api/nothing"),
      h.request("PUT", "/api/me", {{"x-requested-with", "twofold"}}),
      h.request("POST", "/api/session", {}, "{}"),
      h.request("POST", "/api/session", {{"x-requested-with", "twofold"}}, "not json"),
      h.request("DELETE", "/api/session", {{"x-requested-with", "twofold"}}),
  };
  for (const auto& request : requests) {
    const auto head = head_on_the_wire(h.send(request));
    for (const auto& [name, value] : security_headers(false)) {
      EXPECT_NE(head.find(field_line(name, value)), std::string::npos)
          << request.method << " " << request.target << ": " << name;
    }
    EXPECT_EQ(head.find("Strict-Transport-Security"), std::string::npos) << "HSTS only over TLS";
  }
}

TEST(app_routing, sends_hsts_over_tls) {
  app_harness h;
  auto request = h.request("GET", "/");
  request.tls = true;
  const auto head = head_on_the_wire(h.send(request), true);
  EXPECT_NE(head.find("Strict-Transport-Security: "), std::string::npos);
  EXPECT_NE(head.find("Content-Security-Policy: "), std::string::npos);
}

TEST(app_routing, answers_a_database_failure_with500) {
  app_harness h;
  const auto cookie = cookie_of(h.sign_in_as(alice));
  h.probe().execute("DROP TABLE sessions");

  const auto response = h.get("/api/me", {{"cookie", cookie}, {"accept-language", "zh-CN"}});

  EXPECT_EQ(response.status, 500U);
  const auto error = json_of(response)["error"];
  EXPECT_EQ(error["code"], "internal");
  EXPECT_EQ(error["message"], std::string(i18n::translate(i18n::language::zh_cn, "error.internal")));
  EXPECT_EQ(response.body.find("sessions"), std::string::npos) << "no internals in the answer";
  EXPECT_NE(head_on_the_wire(response).find("Content-Security-Policy: "), std::string::npos);
  EXPECT_NE(h.logs().find(R"("event":"app.internal_error")"), std::string::npos);
  EXPECT_EQ(h.get("/healthz").status, 200U) << "the app keeps serving";
}

// A form posted before the page's scripts loaded is a navigation: the browser
// shows a page with a way back, never JSON, and nothing is done.
TEST(app_routing, a_navigation_to_the_api_gets_a_page_not_json) {
  app_harness h;
  const auto posted = h.send(h.request("POST", "/api/session",
                                       {{"sec-fetch-mode", "navigate"},
                                        {"content-type", "application/x-www-form-urlencoded"},
                                        {"accept-language", "zh-CN"}},
                                       "company=Acme+Corp&account=alice&password=x"));
  EXPECT_EQ(posted.status, 400U);
  EXPECT_EQ(header_of(posted, "Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(posted.body.find(i18n::translate(i18n::language::zh_cn, "error.page_not_ready")), std::string::npos);
  EXPECT_NE(posted.body.find(R"(<a href="/">)"), std::string::npos);
  EXPECT_EQ(posted.body.find('{'), std::string::npos) << "no JSON";
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM audit_events"), 0) << "nothing was attempted";

  const auto typed = h.send(h.request("GET", "/api/me", {{"accept", "text/html,application/xhtml+xml"}}));
  EXPECT_EQ(header_of(typed, "Content-Type"), "text/html; charset=utf-8") << "no Fetch Metadata: Accept decides";
  EXPECT_EQ(h.get("/api/me").status, 401U) << "a script's request is answered as ever";
}

}  // namespace
}  // namespace twofold::server::testing
