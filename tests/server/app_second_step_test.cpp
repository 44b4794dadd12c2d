// The sign-in's second step through app.handle: the pending sign-in, TOTP
// (window and replay), email codes (expiry, resend), backup codes (once,
// also in parallel), attempts, cancel.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "storage/sql_storage.hpp"
#include "support/recording_pool.hpp"
#include "support/rendezvous_storage.hpp"
#include "support/two_factor_steps.hpp"
#include "flows/sign_in_flow.hpp"

namespace twofold::server::testing {
namespace {

using namespace std::chrono_literals;

constexpr auto totp_period = 30s;

class second_step_test : public ::testing::TestWithParam<test_backend> {
 protected:
  // Bob (an agent who reads Chinese) turns a method on and signs out.
  void SetUp() override { ASSERT_EQ(bob_browser.sign_in(bob).status, 200U) << h.logs(); }

  enabled_app with_app() {
    auto enabled = enable_app(bob_browser, h);
    EXPECT_EQ(bob_browser.remove("/api/session").status, 204U);
    return enabled;
  }

  std::vector<std::string> with_email() {
    auto codes = enable_email(bob_browser, h);
    EXPECT_EQ(bob_browser.remove("/api/session").status, 204U);
    return codes;
  }

  app_harness h{{}, fast_argon2, GetParam()};
  test_browser bob_browser{h};
};

INSTANTIATE_TEST_SUITE_P(databases, second_step_test, ::testing::ValuesIn(all_test_backends), backend_name);

TEST_P(second_step_test, a_password_alone_gives_a_pending_sign_in_not_a_session) {
  std::ignore = with_app();
  const auto pending = bob_browser.sign_in(bob);
  ASSERT_EQ(pending.status, 202U) << pending.body;
  EXPECT_EQ(json_of(pending)["second_step"]["method"], "app");
  EXPECT_EQ(json_of(pending)["second_step"]["attempts_left"], 5);
  EXPECT_EQ(json_of(pending)["second_step"]["expires_in"], 600);
  EXPECT_TRUE(bob_browser.has_cookie("twofold_sign_in"));
  EXPECT_FALSE(bob_browser.has_cookie("twofold_session"));
  EXPECT_EQ(bob_browser.get("/api/me").status, 401U);
  EXPECT_EQ(bob_browser.get("/api/session/second-step").status, 200U);
}

TEST_P(second_step_test, a_right_totp_code_signs_in_with_a_new_session_and_ends_the_pending_sign_in) {
  const auto enabled = with_app();
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  const auto done =
      bob_browser.post("/api/session/second-step", code_body(totp_code(enabled.secret, h.clock.now() + totp_period)));
  ASSERT_EQ(done.status, 200U) << done.body;
  EXPECT_EQ(json_of(done)["home"], "/agent/");
  EXPECT_TRUE(bob_browser.has_cookie("twofold_session"));
  EXPECT_FALSE(bob_browser.has_cookie("twofold_sign_in"));
  EXPECT_EQ(json_of(bob_browser.get("/api/me"))["user"]["username"], "bob");
  EXPECT_EQ(h.database().integer("SELECT count(*) FROM sign_in_flows"), 0);
}

TEST_P(second_step_test, totp_accepts_one_step_either_side_only) {
  const auto enabled = with_app();  // used the step of test_epoch
  h.clock.advance(10 * totp_period);
  const auto now = h.clock.now();
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  EXPECT_EQ(bob_browser.post("/api/session/second-step", code_body(totp_code(enabled.secret, now - 2 * totp_period)))
                .status,
            401U);
  EXPECT_EQ(bob_browser.post("/api/session/second-step", code_body(totp_code(enabled.secret, now + 2 * totp_period)))
                .status,
            401U);
  EXPECT_EQ(
      bob_browser.post("/api/session/second-step", code_body(totp_code(enabled.secret, now - totp_period))).status,
      200U);
}

TEST_P(second_step_test, never_accepts_the_same_totp_step_twice) {
  const auto enabled = with_app();
  h.clock.advance(10 * totp_period);
  const std::string code = totp_code(enabled.secret, h.clock.now());
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  ASSERT_EQ(bob_browser.post("/api/session/second-step", code_body(code)).status, 200U);

  test_browser attacker(h);
  ASSERT_EQ(attacker.sign_in(bob).status, 202U);
  const auto replay = attacker.post("/api/session/second-step", code_body(code));
  EXPECT_EQ(replay.status, 401U);
  EXPECT_EQ(json_of(replay)["error"]["code"], "code_rejected");
  // Nor an earlier step still inside the window.
  EXPECT_EQ(attacker.post("/api/session/second-step", code_body(totp_code(enabled.secret, h.clock.now() - totp_period)))
                .status,
            401U);
}

// Two pending sign-ins send the same TOTP code at once, both having read the
// last used step before either records it.
TEST_P(second_step_test, a_totp_code_signs_in_once_when_requests_race) {
  const auto enabled = with_app();
  h.clock.advance(10 * totp_period);
  test_browser other(h);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  ASSERT_EQ(other.sign_in(bob).status, 202U);
  rendezvous_storage racing(h.real_storage(), rendezvous_read::two_factor, 2);
  h.serve_through(racing);
  const std::string code = totp_code(enabled.secret, h.clock.now());
  std::atomic<int> signed_in{0};
  std::thread first([&] { signed_in += bob_browser.post("/api/session/second-step", code_body(code)).status == 200U; });
  std::thread second([&] { signed_in += other.post("/api/session/second-step", code_body(code)).status == 200U; });
  first.join();
  second.join();
  EXPECT_EQ(signed_in.load(), 1);
}

TEST_P(second_step_test, the_setup_code_cannot_be_replayed_at_sign_in) {
  const auto started = bob_browser.post("/api/me/two-factor/app");
  const std::string key = json_of(started)["secret"];
  const std::string code = totp_code(key, h.clock.now());
  ASSERT_EQ(bob_browser.post("/api/me/two-factor/confirm", code_body(code)).status, 200U);
  ASSERT_EQ(bob_browser.remove("/api/session").status, 204U);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  EXPECT_EQ(bob_browser.post("/api/session/second-step", code_body(code)).status, 401U);
}

TEST_P(second_step_test, email_users_are_sent_a_code_at_once_in_their_language) {
  std::ignore = with_email();
  const auto mails_before = mail_count(h);
  const auto pending = bob_browser.sign_in(bob);
  ASSERT_EQ(pending.status, 202U);
  EXPECT_EQ(json_of(pending)["second_step"]["method"], "email");
  EXPECT_EQ(json_of(pending)["second_step"]["email_hint"], "b***@acme.example");
  EXPECT_EQ(json_of(pending)["second_step"]["resend_in"], 60);
  EXPECT_EQ(mail_count(h), mails_before + 1);
  EXPECT_EQ(h.database().text("SELECT subject FROM mail_outbox ORDER BY id DESC LIMIT 1"),
            std::string("您的 Twofold 登录验证码"));
  const auto done = bob_browser.post("/api/session/second-step", code_body(last_mailed_code(h)));
  EXPECT_EQ(done.status, 200U) << done.body;
}

TEST_P(second_step_test, an_email_code_works_once) {
  std::ignore = with_email();
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  const std::string code = last_mailed_code(h);
  ASSERT_EQ(bob_browser.post("/api/session/second-step", code_body(code)).status, 200U);
  test_browser attacker(h);
  ASSERT_EQ(attacker.sign_in(bob).status, 202U);  // mails a new code
  const std::string fresh = last_mailed_code(h);
  if (fresh != code) {
    EXPECT_EQ(attacker.post("/api/session/second-step", code_body(code)).status, 401U);
  }
}

TEST_P(second_step_test, an_email_code_expires_after_ten_minutes) {
  std::ignore = with_email();
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  h.clock.advance(sign_in_flow_lifetime);
  const auto late = bob_browser.post("/api/session/second-step", code_body(last_mailed_code(h)));
  EXPECT_EQ(late.status, 401U);
  EXPECT_EQ(json_of(late)["error"]["code"], "second_step_expired");
  EXPECT_FALSE(bob_browser.has_cookie("twofold_sign_in"));
}

TEST_P(second_step_test, resend_waits_sixty_seconds_and_the_new_code_replaces_the_old) {
  std::ignore = with_email();
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  const std::string first = last_mailed_code(h);
  h.clock.advance(59s);
  const auto early = bob_browser.post("/api/session/second-step/resend");
  ASSERT_EQ(early.status, 429U);
  EXPECT_EQ(json_of(early)["error"]["code"], "resend_too_soon");
  EXPECT_EQ(json_of(early)["error"]["seconds"], 1);
  EXPECT_EQ(header_of(early, "Retry-After"), "1");
  EXPECT_EQ(json_of(bob_browser.get("/api/session/second-step"))["second_step"]["resend_in"], 1);

  h.clock.advance(1s);
  const auto resent = bob_browser.post("/api/session/second-step/resend");
  ASSERT_EQ(resent.status, 200U) << resent.body;
  EXPECT_EQ(json_of(resent)["second_step"]["resend_in"], 60);
  const std::string second = last_mailed_code(h);
  if (first != second) {
    EXPECT_EQ(bob_browser.post("/api/session/second-step", code_body(first)).status, 401U);
  }
  EXPECT_EQ(bob_browser.post("/api/session/second-step", code_body(second)).status, 200U);
}

// Resending every minute must not keep a pending sign-in alive forever: it
// ends ten minutes after the password, and so does its last code.
TEST_P(second_step_test, a_resend_does_not_extend_the_pending_sign_in) {
  std::ignore = with_email();
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  h.clock.advance(9min);
  const auto resent = bob_browser.post("/api/session/second-step/resend");
  ASSERT_EQ(resent.status, 200U) << resent.body;
  EXPECT_EQ(json_of(resent)["second_step"]["expires_in"], 60);
  const std::string code = last_mailed_code(h);
  h.clock.advance(60s);
  const auto late = bob_browser.post("/api/session/second-step", code_body(code));
  EXPECT_EQ(late.status, 401U);
  EXPECT_EQ(json_of(late)["error"]["code"], "second_step_expired");
}

TEST_P(second_step_test, app_users_have_nothing_to_resend) {
  std::ignore = with_app();
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  const auto resend = bob_browser.post("/api/session/second-step/resend");
  EXPECT_EQ(resend.status, 409U);
  EXPECT_EQ(json_of(resend)["error"]["code"], "nothing_to_resend");
}

TEST_P(second_step_test, a_backup_code_works_once_in_any_typed_form) {
  const auto enabled = with_app();
  std::string typed = enabled.backup_codes[3];
  std::erase(typed, '-');
  for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  ASSERT_EQ(bob_browser.post("/api/session/second-step", backup_code_body(" " + typed + " ")).status, 200U);

  const auto codes = json_of(bob_browser.get("/api/me/backup-codes"))["codes"];
  for (const auto& code : codes) EXPECT_EQ(code["used_at"].is_null(), code["number"] != 4) << code.dump();
  EXPECT_EQ(json_of(bob_browser.get("/api/me/two-factor"))["backup_codes"]["unused"], 9);

  ASSERT_EQ(bob_browser.remove("/api/session").status, 204U);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  EXPECT_EQ(bob_browser.post("/api/session/second-step", backup_code_body(enabled.backup_codes[3])).status, 401U);
}

// Every racer reads the codes as unused before any of them writes.
TEST_P(second_step_test, a_backup_code_signs_in_once_when_requests_race) {
  const auto enabled = with_app();
  // As many as may try a code at once: further ones are refused before they read the codes.
  constexpr int racers = max_code_failures;
  rendezvous_storage racing(h.real_storage(), rendezvous_read::backup_codes, racers);
  std::vector<std::unique_ptr<test_browser>> browsers;
  for (int i = 0; i < racers; ++i) {
    browsers.push_back(std::make_unique<test_browser>(h));
    ASSERT_EQ(browsers.back()->sign_in(bob).status, 202U);
  }
  h.serve_through(racing);
  std::atomic<int> signed_in{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (auto& browser : browsers) {
    threads.emplace_back([&, b = browser.get()] {
      while (!go.load()) std::this_thread::yield();
      if (b->post("/api/session/second-step", backup_code_body(enabled.backup_codes[0])).status == 200U) ++signed_in;
    });
  }
  go = true;
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(signed_in.load(), 1);
  EXPECT_EQ(h.database().integer("SELECT count(*) FROM backup_codes WHERE used_at IS NOT NULL"), 1);
}

// Every racer reads the pending sign-in, with no attempt used, before any of
// them counts one: the answers must still be those of 20 codes in a row.
TEST_P(second_step_test, five_wrong_codes_lock_the_account_even_in_parallel) {
  std::ignore = with_app();
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  const auto mail_before = h.database().integer("SELECT count(*) FROM mail_outbox");
  constexpr int racers = 20;
  rendezvous_storage racing(h.real_storage(), rendezvous_read::sign_in_flow, racers);
  h.serve_through(racing);
  std::mutex answers_mutex;
  std::multiset<std::string> answers;
  std::vector<std::thread> threads;
  for (int i = 0; i < racers; ++i) {
    threads.emplace_back([&] {
      test_browser same(bob_browser);
      const auto answer = same.post("/api/session/second-step", code_body("000000"));
      const auto error = json_of(answer)["error"];
      std::lock_guard lock(answers_mutex);
      answers.insert(std::to_string(answer.status) + " " + error["code"].get<std::string>() + " " +
                     error.value("attempts_left", nlohmann::json()).dump());
    });
  }
  for (auto& thread : threads) thread.join();
  const std::multiset<std::string> in_a_row = {
      "401 code_rejected 4", "401 code_rejected 3", "401 code_rejected 2", "401 code_rejected 1"};
  std::multiset<std::string> rejected;
  for (const auto& answer : answers) {
    if (answer.starts_with("401")) rejected.insert(answer);
  }
  EXPECT_EQ(rejected, in_a_row);
  EXPECT_EQ(answers.count("403 account_locked null"), std::size_t{racers - 4});
  EXPECT_EQ(h.database().integer("SELECT count(*) FROM audit_events WHERE event = 'second_step.failed'"), 5);
  EXPECT_EQ(h.database().integer("SELECT count(*) FROM audit_events WHERE event = 'account.locked'"), 1);
  EXPECT_EQ(h.database().integer("SELECT count(*) FROM audit_events WHERE event = 'second_step.locked'"), racers - 5)
      << "every code the lock refused is recorded";
  EXPECT_EQ(h.database().integer("SELECT count(*) FROM mail_outbox") - mail_before, 2)
      << "the first wrong code tells that the password is known, then the lock";
}

TEST_P(second_step_test, counts_down_the_attempts_then_locks) {
  std::ignore = with_app();
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  for (int left = 4; left >= 1; --left) {
    const auto wrong = bob_browser.post("/api/session/second-step", code_body("000000"));
    ASSERT_EQ(wrong.status, 401U);
    EXPECT_EQ(json_of(wrong)["error"]["code"], "code_rejected");
    EXPECT_EQ(json_of(wrong)["error"]["attempts_left"], left);
  }
  const auto last = bob_browser.post("/api/session/second-step", code_body("000000"));
  EXPECT_EQ(last.status, 403U);
  EXPECT_EQ(json_of(last)["error"]["code"], "account_locked");
  EXPECT_FALSE(bob_browser.has_cookie("twofold_sign_in"));
}

// A wrong code's attempt is claimed with its rejection (the audit event, and
// the first one's mail) in one transaction: one commit per wrong code.
TEST_P(second_step_test, a_wrong_code_costs_one_commit) {
  std::ignore = with_app();
  auto pool = std::make_unique<recording_pool>(h.database().pool());
  recording_pool& recorded = *pool;
  sql_storage counted(std::move(pool));
  h.serve_through(counted);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  for (int left = 4; left >= 3; --left) {
    std::ignore = recorded.taken();
    const auto wrong = bob_browser.post("/api/session/second-step", code_body("000000"));
    ASSERT_EQ(wrong.status, 401U);
    EXPECT_EQ(json_of(wrong)["error"]["attempts_left"], left);
    EXPECT_EQ(recorded.taken().commits, 1) << left << " attempts left";
  }
  EXPECT_EQ(h.database().integer("SELECT count(*) FROM audit_events WHERE event = 'second_step.failed'"), 2);
  EXPECT_EQ(h.database().integer("SELECT code_failures FROM users WHERE username = 'bob'"), 2);
}

// A right code racing the last allowed wrong one, in the order that matters:
// all five attempts claimed, then the right one succeeds (forgetting the
// failures), then the wrong one's lock is applied. The lock finds nothing to
// lock and writes nothing: no lock, no mail.
TEST_P(second_step_test, a_success_in_parallel_with_the_last_wrong_code_leaves_the_account_open) {
  std::ignore = with_app();
  const auto bob_id = h.database().integer("SELECT id FROM users WHERE username = 'bob'");
  const code_attempt claim{.user_id = bob_id, .max_failures = max_code_failures, .now = h.clock.now()};
  for (int attempt = 1; attempt <= max_code_failures; ++attempt) {
    ASSERT_EQ(h.real_storage().claim_code_attempt(claim), attempt);
  }
  EXPECT_EQ(h.real_storage().claim_code_attempt(claim), std::nullopt) << "a sixth is refused";
  change_set success;
  success.lockout.resets.push_back(bob_id);
  ASSERT_TRUE(h.real_storage().apply(success));
  const auto mail_before = h.database().integer("SELECT count(*) FROM mail_outbox");
  change_set lock;
  lock.guards.push_back(account_lock{.user_id = bob_id, .max_failures = max_code_failures, .locked_at = h.clock.now(),
                                     .locked_until = std::nullopt});
  lock.mail.push_back({.id = 0, .created_at = h.clock.now(), .recipient = "bob@acme.example",
                                  .subject = "locked", .text_body = "", .html_body = "", .attempts = 0});
  EXPECT_FALSE(h.real_storage().apply(lock));
  EXPECT_EQ(h.database().integer("SELECT count(*) FROM users WHERE locked_at IS NOT NULL"), 0);
  EXPECT_EQ(h.database().integer("SELECT count(*) FROM mail_outbox"), mail_before);
}

TEST_P(second_step_test, cancel_ends_the_pending_sign_in) {
  const auto enabled = with_app();
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  test_browser same(bob_browser);
  const auto cancelled = bob_browser.remove("/api/session/second-step");
  EXPECT_EQ(cancelled.status, 200U);
  EXPECT_EQ(json_of(cancelled)["flow"]["state"], "password") << "answered with the flow, like every step";
  EXPECT_FALSE(bob_browser.has_cookie("twofold_sign_in"));
  const auto after = same.post("/api/session/second-step", code_body(totp_code(enabled.secret, h.clock.now() + totp_period)));
  EXPECT_EQ(after.status, 401U);
  EXPECT_EQ(json_of(after)["error"]["code"], "second_step_expired");
}

TEST_P(second_step_test, turning_two_factor_off_ends_pending_sign_ins) {
  const auto enabled = with_app();
  test_browser other(h);
  ASSERT_EQ(other.sign_in(bob).status, 202U);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  ASSERT_EQ(bob_browser.post("/api/session/second-step", backup_code_body(enabled.backup_codes[0])).status, 200U);
  ASSERT_EQ(bob_browser.remove("/api/me/two-factor").status, 204U);
  EXPECT_EQ(other.get("/api/session/second-step").status, 401U);
}

TEST_P(second_step_test, refuses_malformed_answers) {
  std::ignore = with_app();
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  for (const auto* body : {R"({"code":"12345"})", R"({"code":"12a456"})", R"({})",
                           R"({"code":"123456","backup_code":"7QXK-M2D9-AB3F-4P"})", R"({"backup_code":"UUUU"})"}) {
    const auto answer = bob_browser.post("/api/session/second-step", body);
    EXPECT_EQ(answer.status, 400U) << body;
    EXPECT_EQ(json_of(answer)["error"]["code"], "validation_failed") << body;
  }
  EXPECT_EQ(bob_browser.post("/api/session/second-step", "[1]").status, 400U);
  EXPECT_EQ(bob_browser.post("/api/session/second-step", R"({"code":5})").status, 400U);
  // None of them cost an attempt.
  EXPECT_EQ(json_of(bob_browser.get("/api/session/second-step"))["second_step"]["attempts_left"], 5);
}

TEST_P(second_step_test, without_a_pending_sign_in_everything_is_expired) {
  test_browser stranger(h);
  EXPECT_EQ(stranger.get("/api/session/second-step").status, 401U);
  EXPECT_EQ(stranger.post("/api/session/second-step", code_body("123456")).status, 401U);
  EXPECT_EQ(stranger.post("/api/session/second-step/resend").status, 401U);
  const auto cancelled = stranger.remove("/api/session/second-step");
  EXPECT_EQ(cancelled.status, 200U) << "a cancel is idempotent";
  EXPECT_EQ(json_of(cancelled)["flow"]["state"], "password");
}

TEST_P(second_step_test, records_every_attempt_in_the_audit_trail) {
  const auto enabled = with_app();
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  ASSERT_EQ(bob_browser.post("/api/session/second-step", code_body("000000")).status, 401U);
  ASSERT_EQ(bob_browser.post("/api/session/second-step", backup_code_body(enabled.backup_codes[1])).status, 200U);
  EXPECT_EQ(h.database().rows("SELECT event, detail FROM audit_events WHERE event LIKE 'second_step.%' ORDER BY id", 2),
            (std::vector<std::vector<std::string>>{
                {"second_step.started", R"({"method":"app"})"},
                {"second_step.failed", R"({"attempts_left":4,"kind":"code","method":"app"})"},
                {"second_step.succeeded", R"({"kind":"backup_code","method":"app"})"}}));
}

}  // namespace
}  // namespace twofold::server::testing
