// The 2FA policy through app.handle with a manual clock: "Don't ask again
// for N days" (trusted browsers), every way trust ends early, agents only,
// and "Require 2FA for all users".
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "storage/storage.hpp"
#include "support/two_factor_steps.hpp"
#include "two_factor/trusted_browser_pruning.hpp"
#include "two_factor/trusted_browsers.hpp"

namespace twofold::server::testing {
namespace {

using namespace std::chrono_literals;

constexpr auto totp_period = 30s;
constexpr std::string_view trusted_cookie = "twofold_trusted_browser";

nlohmann::json policy_body(std::optional<int> skip_days, bool require_two_factor = false) {
  return {{"lock_mode", "until_unlocked"},
          {"two_factor_policy", {{"skip_days", skip_days ? nlohmann::json(*skip_days) : nlohmann::json()}}},
          {"require_two_factor", require_two_factor}};
}

class trusted_browsers_test : public ::testing::Test {
 protected:
  // Bob (an agent) has the authenticator app; Alice (the admin) sets the policy.
  void SetUp() override {
    ASSERT_EQ(bob_browser.sign_in(bob).status, 200U);
    bob_app = enable_app(bob_browser, h);
    ASSERT_EQ(bob_browser.remove("/api/session").status, 204U);
    ASSERT_EQ(alice_browser.sign_in(alice).status, 200U);
  }

  // As Alice, signing in again when days have passed since her last sign-in.
  void set_policy(std::optional<int> skip_days, bool require_two_factor = false) {
    const auto body = policy_body(skip_days, require_two_factor).dump();
    auto answer = alice_browser.put("/api/admin/security", body);
    if (answer.status == 401U) {
      ASSERT_EQ(alice_browser.sign_in(alice).status, 200U);
      answer = alice_browser.put("/api/admin/security", body);
    }
    ASSERT_EQ(answer.status, 200U) << answer.body;
  }

  // A code of a later time step than any used before.
  std::string next_code(const enabled_app& app) {
    h.clock.advance(totp_period);
    return totp_code(app.secret, h.clock.now());
  }

  // Password, then a right code; `remember` ticks "Don't ask again".
  http_response sign_in_with_code(test_browser& browser, const test_account& account, const enabled_app& app,
                                  bool remember) {
    const auto pending = browser.sign_in(account);
    EXPECT_EQ(pending.status, 202U) << pending.body;
    return browser.post("/api/session/second-step",
                        nlohmann::json{{"code", next_code(app)}, {"remember", remember}}.dump());
  }

  // Bob signs in with a code, ticks the box and signs out: his browser is trusted.
  void trust_bob_browser(test_browser& browser, std::string_view password = bob.password) {
    test_account with_password = bob;
    with_password.password = password;
    const auto done = sign_in_with_code(browser, with_password, bob_app, true);
    ASSERT_EQ(done.status, 200U) << done.body;
    ASSERT_TRUE(browser.has_cookie(trusted_cookie));
    ASSERT_EQ(browser.remove("/api/session").status, 204U);
  }

  // The answer to the password alone: 200 when the browser is trusted, 202 when a code is asked.
  unsigned password_only(test_browser& browser, const test_account& account = bob) {
    const auto answer = browser.sign_in(account);
    if (answer.status == 200U) {
      EXPECT_EQ(browser.remove("/api/session").status, 204U);
    } else if (answer.status == 202U) {
      EXPECT_EQ(browser.remove("/api/session/second-step").status, 200U);  // cancelled: back to password
    }
    return answer.status;
  }

  std::int64_t trusted_count() { return h.probe().integer("SELECT count(*) FROM trusted_browsers"); }
  std::int64_t bob_id() { return h.probe().integer("SELECT id FROM users WHERE username = 'bob'"); }

  app_harness h;
  test_browser bob_browser{h};
  test_browser alice_browser{h};
  enabled_app bob_app;
};

TEST_F(trusted_browsers_test, the_cookie_skips_the_code_for_n_days_and_not_after) {
  set_policy(30);
  const auto pending = bob_browser.sign_in(bob);
  ASSERT_EQ(pending.status, 202U);
  EXPECT_EQ(json_of(pending)["second_step"]["remember_days"], 30);
  EXPECT_EQ(json_of(bob_browser.get("/api/session/second-step"))["second_step"]["remember_days"], 30);
  const auto done =
      bob_browser.post("/api/session/second-step", nlohmann::json{{"code", next_code(bob_app)}, {"remember", true}}.dump());
  ASSERT_EQ(done.status, 200U) << done.body;
  const auto cookies = headers_named(done, "Set-Cookie");
  EXPECT_TRUE(std::ranges::any_of(cookies, [](const std::string& line) {
    return line.starts_with("twofold_trusted_browser=") && line.find("Max-Age=2592000") != std::string::npos &&
           line.find("HttpOnly") != std::string::npos && line.find("SameSite=Strict") != std::string::npos;
  }));
  ASSERT_EQ(bob_browser.remove("/api/session").status, 204U);
  EXPECT_TRUE(bob_browser.has_cookie(trusted_cookie)) << "signing out keeps the browser trusted";
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM trusted_browsers WHERE length(token_hash) = 32"), 1);

  const auto skipped = bob_browser.sign_in(bob);
  ASSERT_EQ(skipped.status, 200U) << skipped.body;
  EXPECT_EQ(json_of(skipped)["home"], "/agent/");
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM audit_events WHERE event = 'second_step.skipped'"), 1);
  ASSERT_EQ(bob_browser.remove("/api/session").status, 204U);

  h.clock.advance(std::chrono::days{30} - 2min);
  EXPECT_EQ(password_only(bob_browser), 200U) << "still inside the 30 days";
  h.clock.advance(2min);
  EXPECT_EQ(password_only(bob_browser), 202U) << "30 days after it was trusted";

  test_browser other_browser{h};
  EXPECT_EQ(password_only(other_browser), 202U) << "another browser gives a code";
}

TEST_F(trusted_browsers_test, every_login_never_offers_the_checkbox_and_refuses_to_remember) {
  const auto pending = bob_browser.sign_in(bob);
  ASSERT_EQ(pending.status, 202U);
  EXPECT_FALSE(json_of(pending)["second_step"].contains("remember_days"));
  const auto refused =
      bob_browser.post("/api/session/second-step", nlohmann::json{{"code", next_code(bob_app)}, {"remember", true}}.dump());
  ASSERT_EQ(refused.status, 400U) << refused.body;
  EXPECT_EQ(json_of(refused)["error"]["fields"][0]["code"], "remember_not_allowed");
  EXPECT_FALSE(bob_browser.has_cookie(trusted_cookie));
  EXPECT_EQ(trusted_count(), 0);
  EXPECT_EQ(json_of(bob_browser.get("/api/session/second-step"))["second_step"]["attempts_left"], 5)
      << "refused before any code was checked";
  const auto malformed =
      bob_browser.post("/api/session/second-step", nlohmann::json{{"code", next_code(bob_app)}, {"remember", "yes"}}.dump());
  EXPECT_EQ(malformed.status, 400U);
  EXPECT_EQ(bob_browser.post("/api/session/second-step", code_body(next_code(bob_app))).status, 200U);
}

TEST_F(trusted_browsers_test, administrators_are_always_asked_for_a_code) {
  const auto alice_app = enable_app(alice_browser, h);
  set_policy(90);
  test_browser browser{h};
  const auto pending = browser.sign_in(alice);
  ASSERT_EQ(pending.status, 202U);
  EXPECT_FALSE(json_of(pending)["second_step"].contains("remember_days"));
  const auto refused =
      browser.post("/api/session/second-step", nlohmann::json{{"code", next_code(alice_app)}, {"remember", true}}.dump());
  EXPECT_EQ(refused.status, 400U) << refused.body;
  EXPECT_EQ(trusted_count(), 0);

  // Bob's trusted browser does not carry Alice past her code either.
  trust_bob_browser(browser);
  EXPECT_EQ(password_only(browser, alice), 202U);
  EXPECT_EQ(password_only(browser, bob), 200U);
}

TEST_F(trusted_browsers_test, every_login_ends_all_trust) {
  set_policy(30);
  trust_bob_browser(bob_browser);
  set_policy(std::nullopt);
  EXPECT_EQ(trusted_count(), 0);
  EXPECT_EQ(password_only(bob_browser), 202U);
}

TEST_F(trusted_browsers_test, a_shorter_period_ends_older_trust_and_shortens_the_rest) {
  set_policy(90);
  trust_bob_browser(bob_browser);
  h.clock.advance(std::chrono::days{40});
  test_browser newer_browser{h};
  trust_bob_browser(newer_browser);
  set_policy(30);
  EXPECT_EQ(trusted_count(), 1) << "trust older than 30 days ended";
  EXPECT_EQ(password_only(bob_browser), 202U);
  h.clock.advance(std::chrono::days{29});
  EXPECT_EQ(password_only(newer_browser), 200U);
  h.clock.advance(std::chrono::days{1});
  EXPECT_EQ(password_only(newer_browser), 202U) << "no trust outlives the 30 days in force";

  // A longer period leaves trust as it was given.
  trust_bob_browser(newer_browser);
  set_policy(60);
  h.clock.advance(std::chrono::days{31});
  EXPECT_EQ(password_only(newer_browser), 202U);
}

// Every path that sets a password goes through password_changed(): the
// mailed link and an administrator's temporary password.
TEST_F(trusted_browsers_test, a_password_change_ends_trust) {
  set_policy(30);
  trust_bob_browser(bob_browser);
  ASSERT_EQ(h.post("/api/password/forgot", nlohmann::json{{"company", acme}, {"account", bob.username}}.dump()).status,
            202U);
  ASSERT_EQ(h.resolve_reset_requests(), 1U);
  const auto mail = h.probe().text("SELECT text_body FROM mail_outbox ORDER BY id DESC LIMIT 1");
  std::smatch token;
  ASSERT_TRUE(std::regex_search(mail, token, std::regex("/reset/#token=([A-Za-z0-9_-]{43})"))) << mail;
  const auto reset = h.post("/api/password/reset",
                            nlohmann::json{{"token", token[1].str()}, {"password", "a new passphrase for him"}}.dump());
  ASSERT_EQ(reset.status, 204U) << reset.body;
  EXPECT_EQ(trusted_count(), 0) << "a reset link";

  trust_bob_browser(bob_browser, "a new passphrase for him");
  const auto temporary = alice_browser.post("/api/admin/users/" + std::to_string(bob_id()) + "/password",
                                            nlohmann::json{{"temporary_password", "a temporary passphrase"}}.dump());
  ASSERT_EQ(temporary.status, 204U) << temporary.body;
  EXPECT_EQ(trusted_count(), 0) << "an administrator's temporary password";
}

TEST_F(trusted_browsers_test, disabling_an_agent_or_turning_their2fa_off_ends_trust) {
  set_policy(30);
  const auto path = "/api/admin/users/" + std::to_string(bob_id());
  trust_bob_browser(bob_browser);
  ASSERT_EQ(alice_browser.post(path + "/disable").status, 204U);
  EXPECT_EQ(trusted_count(), 0) << "disabled";
  ASSERT_EQ(alice_browser.post(path + "/enable").status, 204U);
  EXPECT_EQ(password_only(bob_browser), 202U) << "enabled again: the code again";

  trust_bob_browser(bob_browser);
  ASSERT_EQ(alice_browser.remove(path + "/two-factor").status, 204U);
  EXPECT_EQ(trusted_count(), 0) << "2FA turned off by the administrator";
}

TEST_F(trusted_browsers_test, turning_two_factor_off_or_on_ends_trust) {
  set_policy(30);
  trust_bob_browser(bob_browser);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 200U);  // trusted: no code
  ASSERT_EQ(bob_browser.remove("/api/me/two-factor").status, 204U);
  EXPECT_EQ(trusted_count(), 0) << "turned off";

  // Trust left from before (written directly) ends when a method is turned on.
  change_set leftover;
  leftover.trust.added.push_back({.id = 0,
                                                 .token_hash = {1},
                                                 .user_id = bob_id(),
                                                 .created_at = h.clock.now(),
                                                 .expires_at = h.clock.now() + std::chrono::days{30},
                                                 .ip = "203.0.113.7",
                                                 .user_agent = "test"});
  ASSERT_TRUE(h.real_storage().apply(leftover));
  ASSERT_EQ(trusted_count(), 1);
  std::ignore = enable_app(bob_browser, h);
  EXPECT_EQ(trusted_count(), 0) << "turned on";
}

TEST_F(trusted_browsers_test, new_backup_codes_end_trust) {
  set_policy(30);
  trust_bob_browser(bob_browser);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 200U);
  ASSERT_EQ(bob_browser.post("/api/me/backup-codes").status, 200U);
  EXPECT_EQ(trusted_count(), 0);
  ASSERT_EQ(bob_browser.remove("/api/session").status, 204U);
  EXPECT_EQ(password_only(bob_browser), 202U);
}

TEST_F(trusted_browsers_test, the_user_forgets_one_or_all_trusted_browsers) {
  set_policy(30);
  test_browser first{h};
  test_browser second{h};
  trust_bob_browser(first);
  trust_bob_browser(second);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);  // bob_browser itself is not trusted
  ASSERT_EQ(bob_browser.post("/api/session/second-step", code_body(next_code(bob_app))).status, 200U);
  const auto listed = json_of(bob_browser.get("/api/me/trusted-browsers"));
  ASSERT_EQ(listed["trusted_browsers"].size(), 2U) << listed;
  EXPECT_EQ(listed["remember_days"], 30);
  const std::int64_t newest = listed["trusted_browsers"][0]["id"];

  EXPECT_EQ(bob_browser.remove("/api/me/trusted-browsers/999999").status, 404U);
  EXPECT_EQ(bob_browser.remove("/api/me/trusted-browsers/" + std::to_string(newest)).status, 204U);
  EXPECT_EQ(password_only(second), 202U);
  EXPECT_EQ(password_only(first), 200U);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  ASSERT_EQ(bob_browser.post("/api/session/second-step", code_body(next_code(bob_app))).status, 200U);
  EXPECT_EQ(bob_browser.remove("/api/me/trusted-browsers").status, 204U);
  EXPECT_EQ(trusted_count(), 0);
  EXPECT_EQ(password_only(first), 202U);
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM audit_events WHERE event = 'trusted_browsers.revoked'"), 2);
}

TEST_F(trusted_browsers_test, the_pruner_deletes_trust_once_it_has_ended_and_no_sooner) {
  set_policy(30);
  test_browser trusted{h};
  trust_bob_browser(trusted);
  std::ostringstream log_text;
  logger log(log_text);
  const auto prune = [&] {
    auto pruner = trusted_browser_pruner(h.real_storage(), h.clock, log);
    pruner.start();
    pruner.stop();
  };

  h.clock.advance(std::chrono::days{30} - 1min);
  prune();
  EXPECT_EQ(trusted_count(), 1) << "still trusted";
  EXPECT_EQ(password_only(trusted), 200U);

  h.clock.advance(1min);
  prune();
  EXPECT_EQ(trusted_count(), 0);
  EXPECT_NE(log_text.str().find(R"("trusted_browser.pruned")"), std::string::npos) << log_text.str();
  EXPECT_EQ(password_only(trusted), 202U) << "asked for a code, as it was once the trust ended";
}

TEST_F(trusted_browsers_test, an_administrator_revokes_an_agents_trust) {
  set_policy(30);
  trust_bob_browser(bob_browser);
  const std::string path = "/api/admin/users/" + std::to_string(bob_id()) + "/trusted-browsers/revoke";
  test_browser agent{h};
  ASSERT_EQ(sign_in_with_code(agent, bob, bob_app, false).status, 200U);
  EXPECT_EQ(agent.post(path).status, 403U) << "an agent may not";
  EXPECT_EQ(trusted_count(), 1);
  EXPECT_EQ(alice_browser.post("/api/admin/users/999999/trusted-browsers/revoke").status, 403U);
  EXPECT_EQ(alice_browser.post(path).status, 204U);
  EXPECT_EQ(trusted_count(), 0);
  EXPECT_EQ(password_only(bob_browser), 202U);
}

TEST_F(trusted_browsers_test, invalid_policies_are_refused_and_change_nothing) {
  set_policy(14);
  for (const auto& body : {R"({"lock_mode":"until_unlocked","two_factor_policy":{"skip_days":15}})",
                           R"({"lock_mode":"until_unlocked","two_factor_policy":{"skip_days":"30"}})",
                           R"({"lock_mode":"until_unlocked","two_factor_policy":{}})",
                           R"({"lock_mode":"until_unlocked","two_factor_policy":30})",
                           R"({"lock_mode":"until_unlocked","require_two_factor":"yes"})"}) {
    const auto answer = alice_browser.put("/api/admin/security", body);
    EXPECT_EQ(answer.status, 400U) << body;
  }
  const auto settings = json_of(alice_browser.get("/api/admin/security"));
  EXPECT_EQ(settings["two_factor_policy"]["skip_days"], 14);
  EXPECT_EQ(settings["require_two_factor"], false);
  const auto changed = h.probe().text(
      "SELECT detail FROM audit_events WHERE event = 'security_settings.changed' AND detail LIKE '%two_factor_policy%'");
  EXPECT_EQ(nlohmann::json::parse(changed)["two_factor_policy"],
            (nlohmann::json{{"old", {{"skip_days", nullptr}}}, {"new", {{"skip_days", 14}}}}));
}

TEST_F(trusted_browsers_test, required_two_factor_lets_a_user_without_it_only_set_it_up) {
  const auto alice_app = enable_app(alice_browser, h);
  set_policy(std::nullopt, true);
  change_set off;
  off.two_factor.methods_removed.push_back(bob_id());
  ASSERT_TRUE(h.real_storage().apply(off));

  const auto signed_in = bob_browser.sign_in(bob);
  ASSERT_EQ(signed_in.status, 200U) << signed_in.body;
  EXPECT_EQ(json_of(signed_in)["two_factor_setup_required"], true);
  EXPECT_EQ(json_of(signed_in)["home"], "/profile/");
  EXPECT_EQ(json_of(bob_browser.get("/api/me"))["two_factor_setup_required"], true);
  const auto refused = bob_browser.get("/api/me/trusted-browsers");
  EXPECT_EQ(refused.status, 403U);
  EXPECT_EQ(json_of(refused)["error"]["code"], "two_factor_setup_required");
  EXPECT_EQ(bob_browser.get("/api/me/two-factor").status, 200U);

  std::ignore = enable_app(bob_browser, h);
  EXPECT_EQ(bob_browser.get("/api/me/trusted-browsers").status, 200U) << "set up: the state ends";
  EXPECT_FALSE(json_of(bob_browser.get("/api/me")).contains("two_factor_setup_required"));
  EXPECT_EQ(json_of(bob_browser.get("/api/me"))["home"], "/agent/");

  // An administrator without 2FA cannot use the admin API.
  change_set alice_off;
  alice_off.two_factor.methods_removed.push_back(h.probe().integer("SELECT id FROM users WHERE username = 'alice'"));
  ASSERT_TRUE(h.real_storage().apply(alice_off));
  const auto admin_refused = alice_browser.get("/api/admin/users");
  EXPECT_EQ(admin_refused.status, 403U);
  EXPECT_EQ(json_of(admin_refused)["error"]["code"], "two_factor_setup_required");
  EXPECT_EQ(alice_browser.remove("/api/session").status, 204U) << "signing out stays possible";
  std::ignore = alice_app;
}

}  // namespace
}  // namespace twofold::server::testing
