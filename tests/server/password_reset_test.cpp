// Forgot password, reset links, temporary passwords and admins adding people,
// through app.handle with the manual clock: the same answer and the same
// work for known and unknown accounts, links used once (also in a race) and
// expiring, every session ending, the second factor still asked.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <regex>
#include <thread>

#include "support/forwarding_storage.hpp"
#include "support/rendezvous_storage.hpp"
#include "support/two_factor_steps.hpp"

namespace twofold::server::testing {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view new_password = "a brand new passphrase";

std::string forgot_body(std::string_view company, std::string_view account) {
  return nlohmann::json{{"company", company}, {"account", account}}.dump();
}

std::string reset_body(std::string_view token, std::string_view password) {
  return nlohmann::json{{"token", token}, {"password", password}}.dump();
}

std::string password_body(std::string_view password) { return nlohmann::json{{"password", password}}.dump(); }

// Every storage call by name (those that matter here), forwarded to the real storage.
class recording_storage final : public forwarding_storage {
 public:
  explicit recording_storage(storage& inner) : forwarding_storage(inner) {}

  std::vector<std::string> calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }

  [[nodiscard]] std::optional<company_record> find_company(row_id id) override {
    note("find_company");
    return inner_.find_company(id);
  }
  [[nodiscard]] std::optional<company_record> find_company_by_key(std::string_view key) override {
    note("find_company_by_key");
    return inner_.find_company_by_key(key);
  }
  [[nodiscard]] std::optional<user_record> find_user(row_id id) override {
    note("find_user");
    return inner_.find_user(id);
  }
  [[nodiscard]] std::optional<user_with_company> find_user_with_company(row_id user_id) override {
    note("find_user_with_company");
    return inner_.find_user_with_company(user_id);
  }
  [[nodiscard]] std::optional<user_record> find_user_by_username(row_id company_id, std::string_view name) override {
    note("find_user_by_username");
    return inner_.find_user_by_username(company_id, name);
  }
  [[nodiscard]] std::optional<user_record> find_user_by_email(row_id company_id, std::string_view email) override {
    note("find_user_by_email");
    return inner_.find_user_by_email(company_id, email);
  }
  [[nodiscard]] std::optional<session_with_user> find_session(const session_token_hash& hash) override {
    note("find_session");
    return inner_.find_session(hash);
  }
  [[nodiscard]] user_page_record list_users(row_id company_id, std::string_view search, std::int64_t offset,
                                            std::int64_t limit) override {
    note("list_users");
    return inner_.list_users(company_id, search, offset, limit);
  }
  // With what it writes: a difference in the writes would be one in time.
  bool apply(const change_set& changes) override {
    note("apply " + written(changes));
    return inner_.apply(changes);
  }
  [[nodiscard]] std::optional<two_factor_record> find_two_factor(row_id user_id) override {
    note("find_two_factor");
    return inner_.find_two_factor(user_id);
  }
  [[nodiscard]] std::optional<password_token_record> find_password_token(const session_token_hash& hash) override {
    note("find_password_token");
    return inner_.find_password_token(hash);
  }
  std::optional<row_id> create_user(const user_record& user, const std::function<change_set(row_id)>& then) override {
    note("create_user");
    return inner_.create_user(user, then);
  }
  void update_throttle(const std::vector<throttle_slot>& slots, timestamp now, const throttle_step& step) override {
    note("update_throttle");
    inner_.update_throttle(slots, now, step);
  }

 private:
  static std::string written(const change_set& changes) {
    return "{tokens: " + std::to_string(changes.passwords.tokens_put.size()) +
           ", mail: " + std::to_string(changes.mail.size()) +
           ", audit events: " + std::to_string(changes.audit_events.size()) +
           ", reset requests: " + std::to_string(changes.reset_requests.size()) + "}";
  }

  void note(std::string name) {
    std::lock_guard lock(mutex_);
    calls_.push_back(std::move(name));
  }

  std::mutex mutex_;
  std::vector<std::string> calls_;
};

class password_reset_test : public ::testing::Test {
 protected:
  std::int64_t mails_to(std::string_view email) {
    return h.probe().integer("SELECT count(*) FROM mail_outbox WHERE recipient = '" + std::string(email) + "'");
  }

  // The token in the newest mail to `email`.
  std::string mailed_token(std::string_view email) {
    const auto body = h.probe().text("SELECT text_body FROM mail_outbox WHERE recipient = '" + std::string(email) +
                                     "' ORDER BY id DESC LIMIT 1");
    std::smatch match;
    EXPECT_TRUE(std::regex_search(body, match, std::regex("/reset/#token=([A-Za-z0-9_-]{43})"))) << body;
    return match.size() > 1 ? match[1].str() : "";
  }

  std::string forgot_token_for(const test_account& account) {
    EXPECT_EQ(h.post("/api/password/forgot", forgot_body(acme, account.username)).status, 202U);
    EXPECT_EQ(h.resolve_reset_requests(), 1U);
    return mailed_token(account.email);
  }

  app_harness h;
};

TEST_F(password_reset_test, forgot_answers_alike_for_a_known_and_an_unknown_account) {
  const auto known = h.post("/api/password/forgot", forgot_body(acme, bob.username));
  const auto unknown_account = h.post("/api/password/forgot", forgot_body(acme, "nobody"));
  const auto unknown_company = h.post("/api/password/forgot", forgot_body("No Such Corp", "bob"));
  const auto disabled = h.post("/api/password/forgot", forgot_body(acme, carol.username));
  for (const auto* other : {&unknown_account, &unknown_company, &disabled}) {
    EXPECT_EQ(other->status, known.status);
    EXPECT_EQ(other->body, known.body);
    EXPECT_EQ(other->headers, known.headers);  // the app writes no Date; the transport adds it
  }
  EXPECT_EQ(known.status, 202U);
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM password_reset_requests"), 4) << "queued, one each";
  EXPECT_EQ(mails_to(bob.email), 0) << "nothing more on the request path";
  EXPECT_EQ(h.resolve_reset_requests(), 4U);
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM password_reset_requests"), 0) << "resolved, then forgotten";
  EXPECT_EQ(mails_to(bob.email), 1);
  EXPECT_EQ(h.probe().text("SELECT subject FROM mail_outbox WHERE recipient = 'bob@acme.example'"),
            "重置您的 Twofold 密码")
      << "in Bob's language";
  EXPECT_NE(h.probe().text("SELECT html_body FROM mail_outbox").find("<a href=\"http://127.0.0.1:8080/reset/#token="),
            std::string::npos)
      << "the HTML part links to the configured address, not the request's Host (" << test_host << ")";
  EXPECT_EQ(mails_to(carol.email), 0);
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM password_tokens"), 1);
}

// The same work on every path: the same storage calls in the same order,
// the same one write (the queued request, nothing that depends on the
// account) after the one throttle step, and no password hash on any of them
// (no Argon2 to time).
TEST_F(password_reset_test, forgot_does_the_same_work_for_a_known_and_an_unknown_account) {
  const auto calls_for = [&](std::string_view company, std::string_view account) {
    recording_storage recording(h.real_storage());
    h.serve_through(recording);
    EXPECT_EQ(h.post("/api/password/forgot", forgot_body(company, account)).status, 202U);
    h.serve_through(h.real_storage());
    return recording.calls();
  };
  const auto known = calls_for(acme, bob.username);
  EXPECT_EQ(known, (std::vector<std::string>{"update_throttle",
                                             "apply {tokens: 0, mail: 0, audit events: 0, reset requests: 1}"}))
      << "one throttle step, keyed by what was typed, then the queued request";
  EXPECT_EQ(calls_for(acme, "nobody"), known);
  EXPECT_EQ(calls_for("No Such Corp", "nobody"), known);
  EXPECT_EQ(calls_for(acme, carol.username), known);
  const auto by_email = calls_for(acme, bob.email);
  EXPECT_EQ(calls_for(acme, "nobody@acme.example"), by_email);
}

TEST(password_reset_link, is_built_from_the_configured_public_url) {
  app_harness h([](config& cfg) { cfg.public_url = "https://twofold.example.com"; });
  const auto forged = h.post("/api/password/forgot", forgot_body(acme, bob.username), {{"host", "evil.example"}, {"origin", "https://twofold.example.com"}});
  EXPECT_EQ(forged.status, 202U);
  EXPECT_EQ(h.resolve_reset_requests(), 1U);
  const auto text = h.probe().text("SELECT text_body FROM mail_outbox");
  EXPECT_NE(text.find("https://twofold.example.com/reset/#token="), std::string::npos) << text;
  EXPECT_EQ(text.find("evil.example"), std::string::npos);
}

TEST_F(password_reset_test, a_link_sets_the_new_password_once_ends_every_session_and_signs_nobody_in) {
  test_browser bob_browser(h);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 200U);
  const auto token = forgot_token_for(bob);

  const auto done = h.post("/api/password/reset", reset_body(token, new_password));
  EXPECT_EQ(done.status, 204U) << done.body;
  EXPECT_EQ(cookie_of(done), "") << "no session";
  EXPECT_EQ(bob_browser.get("/api/me").status, 401U) << "the old session ended";
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM sessions"), 0);

  const auto again = h.post("/api/password/reset", reset_body(token, "yet another passphrase"));
  EXPECT_EQ(again.status, 400U);
  EXPECT_EQ(json_of(again)["error"]["code"], "reset_link_invalid");

  EXPECT_EQ(h.sign_in(acme, bob.username, bob.password).status, 401U);
  EXPECT_EQ(bob_browser.post("/api/session", sign_in_body(acme, bob.username, new_password)).status, 200U)
      << "from the browser he used before, so no new-device notice";
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM audit_events WHERE event = 'password.changed'"), 1);
  EXPECT_EQ(mails_to(bob.email), 2) << "the link, then the notice";
}

TEST_F(password_reset_test, a_link_expires_after_thirty_minutes) {
  const auto early = forgot_token_for(bob);
  h.clock.advance(30min - 1s);
  const auto in_time = h.post("/api/password/reset", reset_body(early, new_password));
  EXPECT_EQ(in_time.status, 204U) << in_time.body;

  const auto late = forgot_token_for(bob);
  h.clock.advance(30min);
  const auto expired = h.post("/api/password/reset", reset_body(late, "yet another passphrase"));
  EXPECT_EQ(expired.status, 400U);
  EXPECT_EQ(json_of(expired)["error"]["code"], "reset_link_invalid");
  EXPECT_EQ(h.sign_in(acme, bob.username, new_password).status, 200U);
}

TEST_F(password_reset_test, a_newer_link_replaces_the_older_one) {
  const auto first = forgot_token_for(bob);
  const auto second = forgot_token_for(bob);
  EXPECT_EQ(json_of(h.post("/api/password/reset", reset_body(first, new_password)))["error"]["code"],
            "reset_link_invalid");
  EXPECT_EQ(h.post("/api/password/reset", reset_body(second, new_password)).status, 204U);
}

TEST_F(password_reset_test, an_invalid_new_password_keeps_the_link) {
  const auto token = forgot_token_for(bob);
  const auto short_one = h.post("/api/password/reset", reset_body(token, "short"));
  EXPECT_EQ(short_one.status, 400U);
  EXPECT_EQ(json_of(short_one)["error"]["fields"][0]["code"], "too_short");
  EXPECT_EQ(h.post("/api/password/reset", reset_body(token, new_password)).status, 204U);
}

// Every racer reads the unused token before any of them writes.
TEST_F(password_reset_test, a_link_sets_a_password_once_when_requests_race) {
  const auto token = forgot_token_for(bob);
  constexpr int racers = 8;
  rendezvous_storage racing(h.real_storage(), rendezvous_read::password_token, racers);
  h.serve_through(racing);
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < racers; ++i) {
    threads.emplace_back([&, i] {
      const auto answer = h.post("/api/password/reset", reset_body(token, std::string(new_password) + char('a' + i)));
      if (answer.status == 204U) ++accepted;
    });
  }
  for (auto& thread : threads) thread.join();
  h.serve_through(h.real_storage());
  EXPECT_EQ(accepted.load(), 1);
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM audit_events WHERE event = 'password.changed'"), 1);
}

TEST_F(password_reset_test, the_second_factor_is_still_asked_after_a_reset) {
  test_browser bob_browser(h);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 200U);
  std::ignore = enable_app(bob_browser, h);
  const auto token = forgot_token_for(bob);
  ASSERT_EQ(h.post("/api/password/reset", reset_body(token, new_password)).status, 204U);
  const auto again = h.sign_in(acme, bob.username, new_password);
  EXPECT_EQ(again.status, 202U) << again.body;
  EXPECT_TRUE(json_of(again).contains("second_step"));
}

// Three free requests per account, counted whether or not it exists.
TEST_F(password_reset_test, requests_are_limited_per_account_alike_for_unknown_accounts) {
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(h.post("/api/password/forgot", forgot_body(acme, bob.username)).status, 202U);
    EXPECT_EQ(h.post("/api/password/forgot", forgot_body(acme, "nobody")).status, 202U);
  }
  const auto known = h.post("/api/password/forgot", forgot_body(acme, bob.username));
  const auto unknown = h.post("/api/password/forgot", forgot_body(acme, "nobody"));
  EXPECT_EQ(known.status, 429U);
  EXPECT_EQ(unknown.status, 429U);
  EXPECT_EQ(known.body, unknown.body);
  EXPECT_EQ(h.resolve_reset_requests(), 6U) << "the refused ones are not queued";
  EXPECT_EQ(mails_to(bob.email), 3);
  h.clock.advance(2h);
  EXPECT_EQ(h.post("/api/password/forgot", forgot_body(acme, bob.username)).status, 202U);
}

TEST_F(password_reset_test, requests_are_limited_per_address) {
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(h.post("/api/password/forgot", forgot_body(acme, "someone" + std::to_string(i))).status, 202U);
  }
  EXPECT_EQ(h.post("/api/password/forgot", forgot_body(acme, bob.username)).status, 429U);
  EXPECT_EQ(h.resolve_reset_requests(), 10U);
  EXPECT_EQ(mails_to(bob.email), 0);
}

class admin_passwords_test : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(admin.sign_in(alice).status, 200U); }

  row_id id_of(std::string_view username) {
    return h.probe().integer("SELECT id FROM users WHERE username = '" + std::string(username) + "'");
  }

  std::string password_path(row_id id) { return "/api/admin/users/" + std::to_string(id) + "/password"; }

  app_harness h;
  test_browser admin{h};
};

TEST_F(admin_passwords_test, a_temporary_password_ends_the_sessions_and_must_be_changed_at_the_next_sign_in) {
  test_browser bob_browser(h);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 200U);
  const auto reset =
      admin.post(password_path(id_of(bob.username)), nlohmann::json{{"temporary_password", "temporary one"}}.dump());
  ASSERT_EQ(reset.status, 204U) << reset.body;
  EXPECT_EQ(bob_browser.get("/api/me").status, 401U);
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM audit_events WHERE event = 'password.reset_by_admin'"), 1);
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM mail_outbox WHERE recipient = 'bob@acme.example'"), 1);

  test_browser fresh(h);
  const auto pending = fresh.post("/api/session", sign_in_body(acme, bob.username, "temporary one"));
  ASSERT_EQ(pending.status, 202U) << pending.body;
  EXPECT_EQ(json_of(pending)["password_change"]["expires_in"], 600);
  EXPECT_FALSE(fresh.has_cookie("twofold_session"));
  EXPECT_EQ(fresh.get("/api/me").status, 401U) << "no session before the new password";
  EXPECT_EQ(fresh.get("/api/session/new-password").status, 200U);

  const auto same = fresh.post("/api/session/new-password", password_body("temporary one"));
  EXPECT_EQ(same.status, 400U);
  EXPECT_EQ(json_of(same)["error"]["fields"][0]["code"], "same_password");
  const auto done = fresh.post("/api/session/new-password", password_body(new_password));
  ASSERT_EQ(done.status, 200U) << done.body;
  EXPECT_EQ(fresh.get("/api/me").status, 200U);
  EXPECT_EQ(h.probe().integer("SELECT must_change_password FROM users WHERE username = 'bob'"), 0);
  EXPECT_EQ(fresh.post("/api/session/new-password", password_body("another passphrase")).status, 401U);
  EXPECT_EQ(h.sign_in(acme, bob.username, new_password).status, 200U);
}

TEST_F(admin_passwords_test, with_two_factor_the_code_comes_before_the_new_password) {
  test_browser bob_browser(h);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 200U);
  const auto enabled = enable_app(bob_browser, h);
  ASSERT_EQ(admin.post(password_path(id_of(bob.username)), nlohmann::json{{"temporary_password", "temporary one"}}.dump())
                .status,
            204U);
  test_browser fresh(h);
  const auto pending = fresh.post("/api/session", sign_in_body(acme, bob.username, "temporary one"));
  ASSERT_EQ(pending.status, 202U);
  EXPECT_TRUE(json_of(pending).contains("second_step"));
  h.clock.advance(30s);
  const auto code = fresh.post("/api/session/second-step", code_body(totp_code(enabled.secret, h.clock.now())));
  ASSERT_EQ(code.status, 202U) << code.body;
  EXPECT_TRUE(json_of(code).contains("password_change"));
  EXPECT_EQ(fresh.post("/api/session/new-password", password_body(new_password)).status, 200U);
}

TEST_F(admin_passwords_test, a_link_is_mailed_and_the_old_password_stops_working) {
  ASSERT_EQ(admin.post(password_path(id_of(bob.username)), "{}").status, 204U);
  EXPECT_EQ(h.sign_in(acme, bob.username, bob.password).status, 401U);
  const auto body = h.probe().text("SELECT text_body FROM mail_outbox WHERE recipient = 'bob@acme.example'");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(body, match, std::regex("#token=([A-Za-z0-9_-]{43})")));
  h.clock.advance(23h);
  EXPECT_EQ(h.post("/api/password/reset", reset_body(match[1].str(), new_password)).status, 204U);
  EXPECT_EQ(h.sign_in(acme, bob.username, new_password).status, 200U);
}

TEST_F(admin_passwords_test, agents_are_refused_and_other_companies_users_are_not_found) {
  test_browser bob_browser(h);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 200U);
  EXPECT_EQ(bob_browser.post(password_path(id_of(alice.username)), "{}").status, 403U);
  EXPECT_EQ(bob_browser.post("/api/admin/users", "{}").status, 403U);
  EXPECT_EQ(admin.post(password_path(987654), "{}").status, 403U);
  EXPECT_EQ(admin.post(password_path(id_of(alice.username)), "{}").status, 409U);
}

std::string new_agent(std::string_view username, std::string_view email) {
  return nlohmann::json{{"display_name", "Dan New"},
                        {"username", username},
                        {"email", email},
                        {"role", "agent"},
                        {"temporary_password", "first temporary"}}
      .dump();
}

TEST_F(admin_passwords_test, an_admin_adds_an_agent_who_must_choose_a_password_first) {
  const auto created = admin.post("/api/admin/users", new_agent("Dan", "dan@acme.example"));
  ASSERT_EQ(created.status, 201U) << created.body;
  EXPECT_EQ(json_of(created)["user"]["username"], "dan");
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM audit_events WHERE event = 'user.created'"), 1);
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM mail_outbox WHERE recipient = 'dan@acme.example'"), 1);
  const auto pending = h.sign_in(acme, "dan", "first temporary");
  EXPECT_EQ(pending.status, 202U);
  EXPECT_TRUE(json_of(pending).contains("password_change"));
}

TEST_F(admin_passwords_test, new_accounts_are_validated_and_must_be_unique) {
  const auto taken = admin.post("/api/admin/users", new_agent("BOB", "Alice@acme.example"));
  ASSERT_EQ(taken.status, 400U);
  EXPECT_EQ(json_of(taken)["error"]["fields"][0]["code"], "taken");
  EXPECT_EQ(json_of(taken)["error"]["fields"][1]["code"], "taken");

  const auto invalid = admin.post("/api/admin/users", nlohmann::json{{"display_name", " "},
                                                                      {"username", "a b"},
                                                                      {"email", "bob"},
                                                                      {"role", "owner"},
                                                                      {"temporary_password", "short"}}
                                                           .dump());
  ASSERT_EQ(invalid.status, 400U);
  std::vector<std::string> codes;
  const auto body = json_of(invalid);
  for (const auto& field : body["error"]["fields"]) codes.push_back(field["code"]);
  EXPECT_EQ(codes, (std::vector<std::string>{"required", "invalid_username", "invalid_email", "invalid_choice",
                                             "too_short"}));
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM users"), 3);
}

}  // namespace
}  // namespace twofold::server::testing
