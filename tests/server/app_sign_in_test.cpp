// POST /api/session through app.handle, without a network.
#include <gtest/gtest.h>

#include "auth/sign_in_throttle.hpp"
#include "support/app_harness.hpp"
#include "twofold/i18n/catalog.hpp"

namespace twofold::server::testing {
namespace {

std::string text_of(i18n::language language, std::string_view key) {
  return std::string(i18n::translate(language, key));
}

const std::string sign_in_failed_en = text_of(i18n::language::en, "error.sign_in_failed");
const std::string sign_in_failed_zh = text_of(i18n::language::zh_cn, "error.sign_in_failed");

TEST(app_sign_in, admin_lands_on_the_admin_console) {
  app_harness h;
  const auto response = h.sign_in_as(alice);
  ASSERT_EQ(response.status, 200U) << response.body;
  const auto body = json_of(response);
  EXPECT_EQ(body["home"], "/admin/");
  EXPECT_EQ(body["user"]["username"], "alice");
  EXPECT_EQ(body["user"]["email"], "alice@acme.example");
  EXPECT_EQ(body["user"]["display_name"], "Alice Admin");
  EXPECT_EQ(body["user"]["company"], "Acme Corp");
  EXPECT_EQ(body["user"]["role"], "admin");
  EXPECT_EQ(body["user"]["language"], "en");
  EXPECT_TRUE(body["user"]["id"].is_number_integer());
  EXPECT_EQ(header_of(response, "Content-Type"), "application/json");
  EXPECT_EQ(header_of(response, "Cache-Control"), "no-store");
}

TEST(app_sign_in, agent_lands_on_the_agent_panel_in_their_language) {
  app_harness h;
  const auto response = h.sign_in(" acme corp ", "BOB@acme.example", bob.password);
  ASSERT_EQ(response.status, 200U) << response.body;
  const auto body = json_of(response);
  EXPECT_EQ(body["home"], "/agent/");
  EXPECT_EQ(body["user"]["role"], "agent");
  EXPECT_EQ(body["user"]["language"], "zh-CN");
}

// The headers with the new device cookie's random value blanked: every
// browser without one gets one, whatever its sign-in's fate.
header_list with_device_cookie_blanked(header_list headers) {
  for (auto& [name, value] : headers) {
    if (name == "Set-Cookie" && value.starts_with("twofold_device=")) value = value.substr(value.find(';'));
  }
  return headers;
}

TEST(app_sign_in, gives_one_answer_for_every_kind_of_failure) {
  app_harness h;
  const std::vector<http_response> answers{
      h.sign_in("Nobody Inc", "alice", alice.password),
      h.sign_in(acme, "mallory", alice.password),
      h.sign_in(acme, "alice", "not the password"),
      h.sign_in(acme, "carol", carol.password),
  };
  for (const auto& answer : answers) {
    EXPECT_EQ(answer.status, 401U);
    EXPECT_EQ(answer.body, answers.front().body);
    EXPECT_EQ(with_device_cookie_blanked(answer.headers), with_device_cookie_blanked(answers.front().headers));
  }
  const auto body = json_of(answers.front());
  EXPECT_EQ(body["error"]["code"], "sign_in_failed");
  EXPECT_EQ(body["error"]["message_key"], "error.sign_in_failed");
  EXPECT_EQ(body["error"]["message"], sign_in_failed_en);
  EXPECT_FALSE(body["error"].contains("fields"));
  const auto cookies = headers_named(answers.front(), "Set-Cookie");
  ASSERT_EQ(cookies.size(), 1U) << "no session, only the device cookie";
  EXPECT_TRUE(cookies.front().starts_with("twofold_device="));
  EXPECT_EQ(answers.front().body.find("unknown"), std::string::npos) << "no reason leaks";
}

TEST(app_sign_in, audits_the_real_reason_and_logs_it) {
  app_harness h;
  static_cast<void>(h.sign_in(acme, "mallory", "whatever"));
  auto probe = h.probe();
  EXPECT_EQ(probe.text("SELECT detail FROM audit_events WHERE event = 'sign_in.failed'"),
            R"({"reason":"unknown_account"})");
  EXPECT_EQ(probe.text("SELECT ip FROM audit_events"), test_client_ip);
  EXPECT_NE(h.logs().find(R"("event":"auth.sign_in_failed")"), std::string::npos);
  EXPECT_EQ(h.logs().find("whatever"), std::string::npos) << "passwords never reach the log";
}

TEST(app_sign_in, sets_a_plain_cookie_over_http) {
  app_harness h;
  const auto response = h.sign_in_as(alice);
  const auto cookies = headers_named(response, "Set-Cookie");
  ASSERT_EQ(cookies.size(), 2U) << "the session's and the new device's";
  const auto& cookie = cookies.front();
  EXPECT_TRUE(cookie.starts_with("twofold_session=")) << cookie;
  const auto& device = cookies.back();
  EXPECT_TRUE(device.starts_with("twofold_device=")) << device;
  EXPECT_EQ(device.find(';'), std::string("twofold_device=").size() + 43) << "256 random bits";
  EXPECT_NE(device.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(device.find("; SameSite=Lax"), std::string::npos) << "sent back after a provider's redirect";
  EXPECT_NE(device.find("; Max-Age=34560000"), std::string::npos) << "400 days, the most a browser keeps";
  EXPECT_EQ(device.find("Secure"), std::string::npos);
  EXPECT_EQ(cookie_of(response).size(), std::string("twofold_session=").size() + 43);
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("; Path=/"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);
  EXPECT_EQ(cookie.find("Max-Age"), std::string::npos) << "a browser-session cookie";
}

TEST(app_sign_in, sets_a_host_prefixed_secure_cookie_over_tls) {
  app_harness h;
  auto request =
      h.request("POST", "/api/session", {{"x-requested-with", "twofold"}, {"origin", "https://twofold.test:8080"}},
                sign_in_body(acme, "alice", alice.password));
  request.tls = true;
  const auto response = h.send(request);
  ASSERT_EQ(response.status, 200U) << response.body;
  const auto cookie = header_of(response, "Set-Cookie");
  EXPECT_TRUE(cookie.starts_with("__Host-twofold_session=")) << cookie;
  EXPECT_NE(cookie.find("; Secure"), std::string::npos);
  EXPECT_NE(cookie.find("; Path=/"), std::string::npos);
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie.find("Domain"), std::string::npos) << "__Host- forbids Domain";
  const auto device = headers_named(response, "Set-Cookie").back();
  EXPECT_TRUE(device.starts_with("__Host-twofold_device=")) << device;
  EXPECT_NE(device.find("; Secure"), std::string::npos);

  auto me = h.request("GET", "/api/me", {{"cookie", cookie_of(response)}});
  me.tls = true;
  EXPECT_EQ(h.send(me).status, 200U);
  EXPECT_EQ(h.get("/api/me", {{"cookie", cookie_of(response)}}).status, 401U) << "not the plain-HTTP cookie name";
}

TEST(app_sign_in, rotates_the_session_on_every_sign_in) {
  app_harness h;
  const auto first = cookie_of(h.sign_in_as(alice));
  const auto second = cookie_of(h.sign_in_as(bob, {{"cookie", first}}));
  EXPECT_NE(first, second);
  EXPECT_EQ(h.get("/api/me", {{"cookie", first}}).status, 401U);
  EXPECT_EQ(json_of(h.get("/api/me", {{"cookie", second}}))["user"]["username"], "bob");
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM sessions"), 1);
}

TEST(app_sign_in, refuses_malformed_json) {
  app_harness h;
  for (const std::string_view body :
       {"", "{", "not json", "[]", "\"text\"", R"({"company":1,"account":"a","password":"b"})"}) {
    const auto response = h.post("/api/session", std::string(body));
    EXPECT_EQ(response.status, 400U) << body;
    EXPECT_EQ(json_of(response)["error"]["code"], "malformed_json") << body;
    EXPECT_EQ(header_of(response, "Cache-Control"), "no-store");
  }
}

// runtime/bounded_json.hpp: refused before anything is built.
TEST(app_sign_in, refuses_json_nested_too_deeply_or_with_too_many_values) {
  app_harness h;
  std::string many = R"({"company":"Demo","account":"admin","password":"x","extra":[0)";
  for (int i = 0; i < 20'000; ++i) many += ",0";
  many += "]}";
  for (const auto& body : {std::string(1024 * 1024, '['), many}) {
    const auto response = h.post("/api/session", body);
    EXPECT_EQ(response.status, 400U);
    EXPECT_EQ(json_of(response)["error"]["code"], "json_too_complex");
    EXPECT_EQ(json_of(response)["error"]["message_key"], "error.json_too_complex");
  }
  EXPECT_EQ(h.post("/api/session", "[[[[]]]]").status, 400U);
  EXPECT_EQ(json_of(h.post("/api/session", "[[[[]]]]"))["error"]["code"], "malformed_json") << "within the limits";
}

TEST(app_sign_in, reports_every_invalid_field) {
  app_harness h;
  const auto response = h.post("/api/session", R"({"company":"  ","account":"not valid!","password":""})");
  ASSERT_EQ(response.status, 400U);
  const auto error = json_of(response)["error"];
  EXPECT_EQ(error["code"], "validation_failed");
  EXPECT_EQ(error["message"], text_of(i18n::language::en, "error.validation_failed"));
  ASSERT_TRUE(error["fields"].is_array());
  std::vector<std::string> fields;
  for (const auto& field : error["fields"]) {
    fields.push_back(field["field"]);
    EXPECT_TRUE(field["code"].is_string());
    EXPECT_TRUE(field["message_key"].get<std::string>().starts_with("validation."));
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"company", "account", "password"}));
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM audit_events"), 0) << "not an attempt";
}

TEST(app_sign_in, throttles_repeated_failures_with_retry_after) {
  app_harness h;
  for (int i = 0; i <= account_backoff.free_failures; ++i) {
    ASSERT_EQ(h.sign_in(acme, "alice", "wrong").status, 401U);
  }
  const auto throttled = h.sign_in_as(alice);
  ASSERT_EQ(throttled.status, 429U);
  EXPECT_EQ(header_of(throttled, "Retry-After"), "1");
  const auto error = json_of(throttled)["error"];
  EXPECT_EQ(error["code"], "too_many_attempts");
  EXPECT_EQ(error["message"], "Too many attempts. Please try again in 1 second.");

  h.clock.advance(std::chrono::seconds(1));
  EXPECT_EQ(h.sign_in_as(alice).status, 200U);
}

TEST(app_sign_in, answers_errors_in_the_accepted_language) {
  app_harness h;
  const auto response = h.sign_in(acme, "alice", "wrong", {{"accept-language", "zh-CN,zh;q=0.9,en;q=0.8"}});
  ASSERT_EQ(response.status, 401U);
  ASSERT_NE(sign_in_failed_zh, sign_in_failed_en);
  EXPECT_EQ(json_of(response)["error"]["message"], sign_in_failed_zh);
  EXPECT_EQ(json_of(response)["error"]["message_key"], "error.sign_in_failed");

  const auto fallback = h.sign_in(acme, "alice", "wrong", {{"accept-language", "fr-FR"}});
  EXPECT_EQ(json_of(fallback)["error"]["message"], sign_in_failed_en);
}

TEST(app_sign_in, answers_errors_in_the_signed_in_users_language) {
  app_harness h;
  const auto cookie = cookie_of(h.sign_in_as(bob));
  const auto response = h.post("/api/nothing-here", "{}", {{"cookie", cookie}, {"accept-language", "en"}});
  ASSERT_EQ(response.status, 404U);
  ASSERT_NE(text_of(i18n::language::zh_cn, "error.not_found"), text_of(i18n::language::en, "error.not_found"));
  EXPECT_EQ(json_of(response)["error"]["message"], text_of(i18n::language::zh_cn, "error.not_found"));
}

TEST(app_sign_in, rehashes_outdated_passwords_on_sign_in) {
  const argon2_parameters weaker{.memory_kib = fast_argon2.memory_kib, .iterations = 1};
  app_harness h([](config& cfg) { cfg.argon2_iterations = 2; }, weaker);
  const std::string before = h.probe().text("SELECT password_hash FROM users WHERE username = 'alice'");
  ASSERT_NE(before.find("t=1"), std::string::npos);

  ASSERT_EQ(h.sign_in_as(alice).status, 200U);

  const std::string after = h.probe().text("SELECT password_hash FROM users WHERE username = 'alice'");
  EXPECT_NE(after.find("t=2"), std::string::npos) << after;
  EXPECT_EQ(h.sign_in_as(alice).status, 200U) << "the new hash verifies";
  EXPECT_EQ(h.probe().text("SELECT password_hash FROM users WHERE username = 'alice'"), after) << "rehashed once";
}

}  // namespace
}  // namespace twofold::server::testing
