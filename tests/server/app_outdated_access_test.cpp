// Where the account rules meet: each change to an account ends what it
// makes outdated, and no way in (a trusted browser, an administrator's code,
// a new password) steps around another rule (a lock, one sign-in only,
// required 2FA). Through app.handle with the manual clock.
#include <gtest/gtest.h>

#include <regex>

#include "support/two_factor_steps.hpp"

namespace twofold::server::testing {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view trusted_cookie = "twofold_trusted_browser";

class outdated_access_test : public ::testing::Test {
 protected:
  // Bob (an agent) has the authenticator app and is signed out; Alice, the
  // administrator, is signed in and lets agents skip 2FA for 30 days.
  void SetUp() override {
    ASSERT_EQ(bob_browser.sign_in(bob).status, 200U);
    bob_app = enable_app(bob_browser, h);
    ASSERT_EQ(bob_browser.remove("/api/session").status, 204U);
    ASSERT_EQ(alice_browser.sign_in(alice).status, 200U);
    set_security({{"two_factor_policy", {{"skip_days", 30}}}});
    bob_id = h.probe().integer("SELECT id FROM users WHERE username = 'bob'");
  }

  void set_security(nlohmann::json body) {
    body["lock_mode"] = "until_unlocked";
    const auto answer = alice_browser.put("/api/admin/security", body.dump());
    ASSERT_EQ(answer.status, 200U) << answer.body;
  }

  std::string person_path(std::string_view rest = "") const {
    return "/api/admin/users/" + std::to_string(bob_id) + std::string(rest);
  }

  // Bob's password, then `answer` (a code or backup code body) with "Don't ask again".
  http_response bob_second_step(test_browser& browser, nlohmann::json answer) {
    EXPECT_EQ(browser.sign_in(bob).status, 202U);
    answer["remember"] = true;
    return browser.post("/api/session/second-step", answer.dump());
  }

  std::string next_code() {
    h.clock.advance(30s);
    return totp_code(bob_app.secret, h.clock.now());
  }

  std::int64_t count(const std::string& sql) { return h.probe().integer(sql); }
  std::int64_t bob_rows(std::string_view table) {
    return count("SELECT count(*) FROM " + std::string(table) + " WHERE user_id = " + std::to_string(bob_id));
  }

  void forgot_password_for_bob() {
    ASSERT_EQ(h.post("/api/password/forgot", nlohmann::json{{"company", acme}, {"account", "bob"}}.dump()).status, 202U);
    ASSERT_EQ(h.resolve_reset_requests(), 1U);
  }

  app_harness h;
  test_browser bob_browser{h};
  test_browser alice_browser{h};
  enabled_app bob_app;
  std::int64_t bob_id = 0;
};

TEST_F(outdated_access_test, an_administrators_code_signs_in_once_and_never_trusts_the_browser) {
  const auto created = alice_browser.post(person_path("/backup-code"));
  ASSERT_EQ(created.status, 200U) << created.body;
  const auto done = bob_second_step(bob_browser, {{"backup_code", json_of(created)["code"]}});
  ASSERT_EQ(done.status, 200U) << done.body;
  EXPECT_FALSE(bob_browser.has_cookie(trusted_cookie));
  EXPECT_EQ(bob_rows("trusted_browsers"), 0);
}

TEST_F(outdated_access_test, a_lock_holds_against_a_trusted_browser) {
  ASSERT_EQ(bob_second_step(bob_browser, {{"code", next_code()}}).status, 200U);
  ASSERT_TRUE(bob_browser.has_cookie(trusted_cookie));
  ASSERT_EQ(bob_browser.remove("/api/session").status, 204U);
  test_browser attacker(h);
  ASSERT_EQ(attacker.sign_in(bob).status, 202U);
  for (int i = 0; i < 5; ++i) std::ignore = attacker.post("/api/session/second-step", code_body("000000"));
  EXPECT_EQ(bob_browser.sign_in(bob).status, 401U) << "trusted, but locked (answered as a wrong password)";
}

// A sign-in begun before the lock goes on sending codes: refused, and each recorded.
TEST_F(outdated_access_test, codes_sent_to_a_locked_account_are_recorded) {
  test_browser earlier(h);
  ASSERT_EQ(earlier.sign_in(bob).status, 202U);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  for (int i = 0; i < 5; ++i) std::ignore = bob_browser.post("/api/session/second-step", code_body("000000"));
  ASSERT_EQ(count("SELECT count(*) FROM audit_events WHERE event = 'account.locked'"), 1);
  EXPECT_EQ(earlier.post("/api/session/second-step", code_body(next_code())).status, 403U);
  EXPECT_EQ(count("SELECT count(*) FROM audit_events WHERE event = 'second_step.locked'"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM audit_events WHERE event = 'second_step.failed'"), 5) << "nothing evaluated";
}

TEST_F(outdated_access_test, disabling_ends_reset_links_and_the_administrators_code) {
  ASSERT_EQ(alice_browser.post(person_path("/backup-code")).status, 200U);
  forgot_password_for_bob();
  ASSERT_EQ(bob_rows("password_tokens"), 1);
  ASSERT_EQ(bob_rows("admin_codes"), 1);
  ASSERT_EQ(alice_browser.post(person_path("/disable")).status, 204U);
  EXPECT_EQ(bob_rows("password_tokens"), 0);
  EXPECT_EQ(bob_rows("admin_codes"), 0);
}

TEST_F(outdated_access_test, a_new_password_ends_the_administrators_code) {
  ASSERT_EQ(alice_browser.post(person_path("/backup-code")).status, 200U);
  const auto reset = alice_browser.post(person_path("/password"),
                                        nlohmann::json{{"temporary_password", "a temporary passphrase"}}.dump());
  ASSERT_EQ(reset.status, 204U) << reset.body;
  EXPECT_EQ(bob_rows("admin_codes"), 0);
}

TEST_F(outdated_access_test, a_new_role_ends_the_sessions_and_trust_of_before) {
  ASSERT_EQ(bob_second_step(bob_browser, {{"code", next_code()}}).status, 200U);
  ASSERT_EQ(bob_rows("trusted_browsers"), 1);
  const nlohmann::json profile{{"display_name", bob.display_name}, {"email", bob.email}, {"role", "admin"},
                               {"language", "zh-CN"}};
  ASSERT_EQ(alice_browser.put(person_path(), profile.dump()).status, 200U);
  EXPECT_EQ(bob_browser.get("/api/me").status, 401U) << "a session that skipped the code is no admin's";
  EXPECT_EQ(bob_rows("trusted_browsers"), 0);
}

TEST_F(outdated_access_test, a_new_email_ends_reset_links_and_tells_the_old_address) {
  forgot_password_for_bob();
  ASSERT_EQ(bob_rows("password_tokens"), 1);
  const nlohmann::json profile{{"display_name", bob.display_name}, {"email", "robert@acme.example"},
                               {"role", "agent"}, {"language", "zh-CN"}};
  ASSERT_EQ(alice_browser.put(person_path(), profile.dump()).status, 200U);
  EXPECT_EQ(bob_rows("password_tokens"), 0) << "a link mailed to the old address";
  const auto told = h.probe().text("SELECT text_body FROM mail_outbox WHERE recipient = '" + std::string(bob.email) +
                                   "' ORDER BY id DESC LIMIT 1");
  EXPECT_NE(told.find("robert@acme.example"), std::string::npos) << told;
}

TEST_F(outdated_access_test, a_temporary_password_under_required2fa_leads_to_the_setup) {
  const auto created = alice_browser.post("/api/admin/users", nlohmann::json{{"display_name", "Dan New"},
                                                                            {"username", "dan"},
                                                                            {"email", "dan@acme.example"},
                                                                            {"role", "agent"},
                                                                            {"temporary_password", "first temporary"}}
                                                                  .dump());
  ASSERT_EQ(created.status, 201U) << created.body;
  set_security({{"require_two_factor", true}});
  test_browser dan(h);
  const test_account dan_account{"dan", "dan@acme.example", "Dan New", "agent", "first temporary", std::nullopt, false};
  ASSERT_EQ(dan.sign_in(dan_account).status, 202U);
  const auto chosen =
      dan.post("/api/session/new-password", nlohmann::json{{"password", "his own passphrase"}}.dump());
  ASSERT_EQ(chosen.status, 200U) << chosen.body;
  EXPECT_EQ(json_of(chosen)["two_factor_setup_required"], true);
  EXPECT_EQ(json_of(chosen)["home"], "/profile/");
}

TEST_F(outdated_access_test, an_ill_formed_user_agent_keeps_the_audit_log_readable) {
  std::ignore = h.send(h.request("POST", "/api/session",
                                 {{"user-agent", "\xFF\xFE tool"},
                                  {"x-requested-with", "twofold"},
                                  {"origin", std::string(test_origin)},
                                  {"content-type", "application/json"}},
                                 nlohmann::json{{"company", acme}, {"account", "bob"}, {"password", "wrong one"}}.dump()));
  const auto log = alice_browser.get("/api/admin/audit-events");
  ASSERT_EQ(log.status, 200U) << log.body;
  EXPECT_EQ(h.probe().text("SELECT user_agent FROM audit_events WHERE event = 'sign_in.failed'"),
            "\xEF\xBF\xBD\xEF\xBF\xBD tool");
}

}  // namespace
}  // namespace twofold::server::testing
