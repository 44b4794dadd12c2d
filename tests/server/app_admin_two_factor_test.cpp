// An administrator's help for a user who lost their second factor, through
// app.handle with the manual clock: the one-time sign-in code (once, 30
// minutes, the newest only, once under a race, no way past a lock) and
// turning 2FA off; only for the administrator's own company.
#include <gtest/gtest.h>

#include <atomic>
#include <regex>
#include <thread>

#include "support/rendezvous_storage.hpp"
#include "support/two_factor_steps.hpp"

namespace twofold::server::testing {
namespace {

using namespace std::chrono_literals;

constexpr std::int64_t unknown_id = 987654321;

class admin_two_factor_test : public ::testing::Test {
 protected:
  // Bob (an agent who reads Chinese) turns the app on and signs out; Alice,
  // Acme's administrator, is signed in.
  void SetUp() override {
    ASSERT_EQ(bob_browser.sign_in(bob).status, 200U);
    bob_app = enable_app(bob_browser, h);
    ASSERT_EQ(bob_browser.remove("/api/session").status, 204U);
    ASSERT_EQ(admin_browser.sign_in(alice).status, 200U);
    bob_id = id_of("bob");
  }

  [[nodiscard]] std::int64_t id_of(std::string_view username) {
    return h.probe().integer("SELECT id FROM users WHERE username = '" + std::string(username) + "'");
  }

  static std::string code_path(std::int64_t id) { return "/api/admin/users/" + std::to_string(id) + "/backup-code"; }
  static std::string two_factor_path(std::int64_t id) {
    return "/api/admin/users/" + std::to_string(id) + "/two-factor";
  }

  // A new code for Bob from Alice, display form.
  std::string new_code_for_bob() {
    const auto created = admin_browser.post(code_path(bob_id));
    EXPECT_EQ(created.status, 200U) << created.body;
    return json_of(created)["code"];
  }

  // Bob's password, then `code` in the backup-code field: the answer's status.
  unsigned bob_signs_in_with(std::string_view code) {
    test_browser browser(h);
    EXPECT_EQ(browser.sign_in(bob).status, 202U);
    return browser.post("/api/session/second-step", backup_code_body(code)).status;
  }

  [[nodiscard]] std::int64_t events(std::string_view name) {
    return h.probe().integer("SELECT count(*) FROM audit_events WHERE event = '" + std::string(name) + "'");
  }

  // Globex, a second company, with an administrator who shares Alice's password.
  void add_globex() {
    h.probe().execute(
        "INSERT INTO companies (name, key, created_at) VALUES ('Globex', 'globex', 0);"
        "INSERT INTO users (company_id, username, email, display_name, role, password_hash, created_at)"
        " SELECT (SELECT id FROM companies WHERE key = 'globex'), 'gina', 'gina@globex.example', 'Gina Admin',"
        " 'admin', password_hash, 0 FROM users WHERE username = 'alice'");
  }

  app_harness h;
  test_browser bob_browser{h};
  test_browser admin_browser{h};
  enabled_app bob_app;
  std::int64_t bob_id = 0;
};

TEST_F(admin_two_factor_test, a_code_in_the_backup_code_format_is_shown_once_and_only_its_keyed_hash_is_stored) {
  const auto created = admin_browser.post(code_path(bob_id));
  ASSERT_EQ(created.status, 200U) << created.body;
  const std::string code = json_of(created)["code"];
  EXPECT_TRUE(std::regex_match(code, std::regex("^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-"
                                                "[0-9A-HJKMNP-TV-Z]{2}$")))
      << code;
  EXPECT_EQ(json_of(created)["expires_in"], 1800);
  EXPECT_EQ(json_of(created)["expires_at"], "2026-01-01T00:30:00Z");
  EXPECT_EQ(h.probe().integer("SELECT length(code_hash) FROM admin_codes WHERE user_id = " + std::to_string(bob_id)),
            32);
  std::string canonical = code;
  std::erase(canonical, '-');
  EXPECT_EQ(database_bytes(h.cfg.data_dir).find(canonical), std::string::npos);

  // The list says that Bob has one and until when, never the code.
  const auto listed = admin_browser.get("/api/admin/backup-codes");
  ASSERT_EQ(listed.status, 200U);
  EXPECT_EQ(json_of(listed), nlohmann::json::parse(R"({"codes":[{"user_id":)" + std::to_string(bob_id) +
                                                   R"(,"created_at":"2026-01-01T00:00:00Z",)"
                                                   R"("expires_at":"2026-01-01T00:30:00Z"}]})"));
  // Bob is told by mail, in Chinese.
  EXPECT_EQ(h.probe().text("SELECT recipient || ' ' || subject FROM mail_outbox ORDER BY id DESC LIMIT 1"),
            "bob@acme.example 管理员为您的 Twofold 账号创建了登录验证码");
  EXPECT_EQ(h.probe().text("SELECT text_body FROM mail_outbox ORDER BY id DESC LIMIT 1").find(canonical),
            std::string::npos);
  EXPECT_EQ(h.probe().rows("SELECT user_id, detail FROM audit_events WHERE event = 'admin_code.created'"),
            (std::vector<std::vector<std::string>>{
                {std::to_string(bob_id), R"({"by_user_id":)" + std::to_string(id_of("alice")) +
                                             R"(,"expires_at":"2026-01-01T00:30:00Z","replaced":false})"}}));
}

TEST_F(admin_two_factor_test, the_code_signs_in_once_in_any_typed_form_and_a_second_use_fails) {
  const std::string code = new_code_for_bob();
  std::string typed = code;
  std::erase(typed, '-');
  for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));

  test_browser browser(h);
  ASSERT_EQ(browser.sign_in(bob).status, 202U);
  const auto done = browser.post("/api/session/second-step", backup_code_body(" " + typed + " "));
  ASSERT_EQ(done.status, 200U) << done.body;
  EXPECT_EQ(json_of(done)["home"], "/agent/");
  EXPECT_EQ(json_of(browser.get("/api/me"))["user"]["username"], "bob");
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM admin_codes"), 0);
  EXPECT_EQ(json_of(admin_browser.get("/api/admin/backup-codes"))["codes"].size(), 0U);
  EXPECT_EQ(events("admin_code.used"), 1);
  EXPECT_EQ(h.probe().text("SELECT detail FROM audit_events WHERE event = 'second_step.succeeded'"),
            R"({"kind":"admin_code","method":"app"})");

  test_browser again(h);
  ASSERT_EQ(again.sign_in(bob).status, 202U);
  const auto second = again.post("/api/session/second-step", backup_code_body(code));
  EXPECT_EQ(second.status, 401U);
  EXPECT_EQ(json_of(second)["error"]["code"], "code_rejected");
  EXPECT_EQ(json_of(second)["error"]["attempts_left"], 4) << "a used code counts as a wrong one";
  // Bob's own backup codes are untouched.
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM backup_codes WHERE used_at IS NULL"), 10);
}

// The code works while now < created + 30 minutes.
TEST_F(admin_two_factor_test, the_code_still_works_at29_minutes59_seconds) {
  const std::string code = new_code_for_bob();
  h.clock.advance(30min - 1s);
  EXPECT_EQ(bob_signs_in_with(code), 200U);
}

TEST_F(admin_two_factor_test, the_code_no_longer_works_at30_minutes) {
  const std::string code = new_code_for_bob();
  h.clock.advance(30min);
  EXPECT_EQ(bob_signs_in_with(code), 401U);
  EXPECT_EQ(events("admin_code.used"), 0);
  ASSERT_EQ(admin_browser.sign_in(alice).status, 200U);  // the earlier session was idle for 30 minutes
  EXPECT_EQ(json_of(admin_browser.get("/api/admin/backup-codes"))["codes"].size(), 0U) << "nor is it listed";
}

TEST_F(admin_two_factor_test, a_new_code_kills_the_old_one) {
  const std::string first = new_code_for_bob();
  const std::string second = new_code_for_bob();
  EXPECT_NE(first, second);
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM admin_codes"), 1);
  EXPECT_EQ(h.probe().text("SELECT detail FROM audit_events WHERE event = 'admin_code.created' ORDER BY id DESC"),
            R"({"by_user_id":)" + std::to_string(id_of("alice")) +
                R"(,"expires_at":"2026-01-01T00:30:00Z","replaced":true})");
  EXPECT_EQ(bob_signs_in_with(first), 401U);
  EXPECT_EQ(bob_signs_in_with(second), 200U);
}

// Both racers read the unused code before either uses it.
TEST_F(admin_two_factor_test, two_racing_uses_of_the_code_yield_one_session) {
  const std::string code = new_code_for_bob();
  test_browser first(h);
  test_browser second(h);
  ASSERT_EQ(first.sign_in(bob).status, 202U);
  ASSERT_EQ(second.sign_in(bob).status, 202U);
  rendezvous_storage racing(h.real_storage(), rendezvous_read::admin_code, 2);
  h.serve_through(racing);
  std::atomic<int> signed_in{0};
  std::thread one([&] { signed_in += first.post("/api/session/second-step", backup_code_body(code)).status == 200U; });
  std::thread two([&] { signed_in += second.post("/api/session/second-step", backup_code_body(code)).status == 200U; });
  one.join();
  two.join();
  EXPECT_EQ(signed_in.load(), 1);
  EXPECT_EQ(events("admin_code.used"), 1);
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM sessions WHERE user_id = " + std::to_string(bob_id)), 1);
}

TEST_F(admin_two_factor_test, a_wrong_code_counts_and_a_locked_account_is_not_opened_by_the_code) {
  const std::string code = new_code_for_bob();
  test_browser browser(h);
  ASSERT_EQ(browser.sign_in(bob).status, 202U);
  for (int left = 4; left >= 1; --left) {
    const auto wrong = browser.post("/api/session/second-step", backup_code_body("0000-0000-0000-00"));
    ASSERT_EQ(wrong.status, 401U);
    EXPECT_EQ(json_of(wrong)["error"]["attempts_left"], left);
  }
  EXPECT_EQ(browser.post("/api/session/second-step", backup_code_body("0000-0000-0000-00")).status, 403U);

  const auto locked = bob_browser.sign_in(bob);
  EXPECT_EQ(locked.status, 401U);
  EXPECT_EQ(json_of(locked)["error"]["code"], "sign_in_failed");
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM admin_codes"), 1) << "the code waits for the unlock";

  ASSERT_EQ(admin_browser.post("/api/admin/users/" + std::to_string(bob_id) + "/unlock").status, 204U);
  EXPECT_EQ(bob_signs_in_with(code), 200U);
}

TEST_F(admin_two_factor_test, an_agent_is_forbidden_whatever_the_id) {
  test_browser stranger(h);
  // Bob signs in with his app as an agent and tries every route.
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  ASSERT_EQ(
      bob_browser.post("/api/session/second-step", backup_code_body(bob_app.backup_codes[0])).status, 200U);
  for (const std::int64_t id : {bob_id, id_of("alice"), unknown_id}) {
    const auto create = bob_browser.post(code_path(id));
    EXPECT_EQ(create.status, 403U) << id;
    EXPECT_EQ(json_of(create)["error"]["code"], "forbidden");
    const auto off = bob_browser.remove(two_factor_path(id));
    EXPECT_EQ(off.status, 403U) << id;
    EXPECT_EQ(json_of(off)["error"]["code"], "forbidden");
  }
  EXPECT_EQ(bob_browser.get("/api/admin/backup-codes").status, 403U);
  EXPECT_EQ(stranger.post(code_path(bob_id)).status, 401U) << "no session";
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM admin_codes"), 0);
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM two_factor"), 1);
}

TEST_F(admin_two_factor_test, another_companys_admin_gets_the_answer_of_an_unknown_user) {
  add_globex();
  test_browser gina(h);
  ASSERT_EQ(gina.post("/api/session", sign_in_body("Globex", "gina", alice.password)).status, 200U);

  const auto create = gina.post(code_path(bob_id));
  const auto create_unknown = gina.post(code_path(unknown_id));
  EXPECT_EQ(create.status, 403U);
  EXPECT_EQ(json_of(create)["error"]["code"], "person_not_in_company");
  EXPECT_EQ(create.body, create_unknown.body);
  const auto off = gina.remove(two_factor_path(bob_id));
  EXPECT_EQ(off.status, 403U);
  EXPECT_EQ(off.body, gina.remove(two_factor_path(unknown_id)).body);

  std::ignore = new_code_for_bob();
  EXPECT_EQ(json_of(gina.get("/api/admin/backup-codes"))["codes"].size(), 0U) << "Acme's codes stay out of sight";
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM two_factor"), 1);
  EXPECT_EQ(events("admin_code.created"), 1);
  // And the other way round.
  EXPECT_EQ(admin_browser.post(code_path(id_of("gina"))).status, 403U);
}

TEST_F(admin_two_factor_test, only_for_someone_else_with_two_factor_on) {
  const auto own = admin_browser.post(code_path(id_of("alice")));
  EXPECT_EQ(own.status, 409U);
  EXPECT_EQ(json_of(own)["error"]["code"], "own_account");
  EXPECT_EQ(admin_browser.remove(two_factor_path(id_of("alice"))).status, 409U);
  const auto off = admin_browser.post(code_path(id_of("carol")));
  EXPECT_EQ(off.status, 409U);
  EXPECT_EQ(json_of(off)["error"]["code"], "two_factor_off");
  EXPECT_EQ(admin_browser.remove(two_factor_path(id_of("carol"))).status, 409U);
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM admin_codes"), 0);
}

TEST_F(admin_two_factor_test, turning_off_an_agents_two_factor_removes_everything_and_mails_them) {
  std::ignore = new_code_for_bob();
  test_browser waiting(h);
  ASSERT_EQ(waiting.sign_in(bob).status, 202U);
  // A setup in progress cannot start while a method is on: written directly.
  h.probe().execute("INSERT INTO two_factor_setups (user_id, method, attempts, expires_at) VALUES (" +
                    std::to_string(bob_id) + ", 'email', 0, 9999999999)");
  const auto mails_before = mail_count(h);
  const std::string user = " WHERE user_id = " + std::to_string(bob_id);

  const auto off = admin_browser.remove(two_factor_path(bob_id));
  ASSERT_EQ(off.status, 204U) << off.body;
  EXPECT_EQ(off.body, "");
  for (const std::string table : {"two_factor", "backup_codes", "two_factor_setups", "sign_in_flows", "admin_codes"}) {
    EXPECT_EQ(h.probe().integer("SELECT count(*) FROM " + table + user), 0) << table;
  }
  EXPECT_EQ(mail_count(h), mails_before + 1);
  EXPECT_EQ(h.probe().text("SELECT recipient || ' ' || subject FROM mail_outbox ORDER BY id DESC LIMIT 1"),
            "bob@acme.example 管理员关闭了您的双重认证");
  EXPECT_EQ(h.probe().rows("SELECT user_id, detail FROM audit_events WHERE event = 'two_factor.disabled'"),
            (std::vector<std::vector<std::string>>{
                {std::to_string(bob_id), R"({"by_user_id":)" + std::to_string(id_of("alice")) + R"(,"method":"app"})"}}));

  EXPECT_EQ(waiting.get("/api/session/second-step").status, 401U);
  EXPECT_EQ(bob_browser.sign_in(bob).status, 200U) << "the password alone signs in now";
  EXPECT_EQ(admin_browser.remove(two_factor_path(bob_id)).status, 409U) << "already off";
}

TEST_F(admin_two_factor_test, turning_off_ones_own_two_factor_also_ends_an_admin_code) {
  std::ignore = new_code_for_bob();
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  ASSERT_EQ(
      bob_browser.post("/api/session/second-step", backup_code_body(bob_app.backup_codes[0])).status, 200U);
  ASSERT_EQ(bob_browser.remove("/api/me/two-factor").status, 204U);
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM admin_codes"), 0);
}

}  // namespace
}  // namespace twofold::server::testing
