// Profile > Security Settings > Two-Factor Authentication through app.handle:
// setting up each method, one method at a time, turning off with step-up,
// and the backup codes.
#include <gtest/gtest.h>

#include <set>

#include "support/two_factor_steps.hpp"
#include "flows/sign_in_flow.hpp"
#include "twofold/otp/backup_codes.hpp"
#include "twofold/otp/base32.hpp"
#include "twofold/otp/otpauth_uri.hpp"

namespace twofold::server::testing {
namespace {

using namespace std::chrono_literals;

class two_factor_setup_test : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(alice_browser.sign_in(alice).status, 200U); }

  app_harness h;
  test_browser alice_browser{h};
};

TEST_F(two_factor_setup_test, app_setup_offers_a160_bit_secret_as_qr_text_and_uri) {
  const auto started = alice_browser.post("/api/me/two-factor/app");
  ASSERT_EQ(started.status, 200U) << started.body;
  const auto body = json_of(started);
  const std::string secret = body["secret"];
  EXPECT_EQ(secret.size(), 32U);  // 160 bits in base32, no padding
  const auto key = otp::parse_otpauth_uri(body["otpauth_uri"].get<std::string>());
  ASSERT_TRUE(key) << body.dump();
  EXPECT_EQ(key->issuer, "Twofold (Acme Corp)");
  EXPECT_EQ(key->account, "alice@acme.example");
  EXPECT_EQ(key->secret.size(), 20U);
  EXPECT_EQ(key->algorithm, otp::hmac_algorithm::sha1);
  EXPECT_EQ(key->digits, 6);
  EXPECT_EQ(key->period, 30s);
  std::string ungrouped = body["secret_text"];
  std::erase(ungrouped, ' ');
  EXPECT_EQ(ungrouped, secret);
  EXPECT_EQ(json_of(alice_browser.get("/api/me/two-factor"))["setup"], "app");
  EXPECT_EQ(json_of(alice_browser.get("/api/me/two-factor"))["method"], nullptr);
}

TEST_F(two_factor_setup_test, app_turns_on_with_a_right_code_and_gives_ten_backup_codes) {
  const auto started = alice_browser.post("/api/me/two-factor/app");
  const std::string secret = json_of(started)["secret"];
  const auto wrong = alice_browser.post("/api/me/two-factor/confirm", code_body("000000"));
  ASSERT_EQ(wrong.status, 401U);
  EXPECT_EQ(json_of(wrong)["error"]["code"], "code_rejected");
  EXPECT_EQ(json_of(wrong)["error"]["attempts_left"], 4);

  const auto confirmed = alice_browser.post("/api/me/two-factor/confirm", code_body(totp_code(secret, h.clock.now())));
  ASSERT_EQ(confirmed.status, 200U) << confirmed.body;
  const auto body = json_of(confirmed);
  EXPECT_EQ(body["method"], "app");
  const std::vector<std::string> codes = body["backup_codes"]["codes"];
  ASSERT_EQ(codes.size(), 10U);
  EXPECT_EQ(std::set(codes.begin(), codes.end()).size(), 10U);
  for (const auto& code : codes) {
    EXPECT_EQ(code.size(), 17U) << code;  // XXXX-XXXX-XXXX-XX
    EXPECT_TRUE(otp::normalize_backup_code(code).ok()) << code;
  }
  const auto status = json_of(alice_browser.get("/api/me/two-factor"));
  EXPECT_EQ(status["method"], "app");
  EXPECT_EQ(status["setup"], nullptr);
  EXPECT_EQ(status["backup_codes"]["unused"], 10);
  EXPECT_EQ(status["backup_codes"]["downloaded"], false);
}

TEST_F(two_factor_setup_test, keeps_no_secret_or_code_in_the_clear_in_the_database) {
  const auto enabled = enable_app(alice_browser, h);
  const auto bytes = database_bytes(h.cfg.data_dir);
  EXPECT_EQ(bytes.find(enabled.secret), std::string::npos);
  const auto raw = otp::base32_decode(enabled.secret);
  ASSERT_TRUE(raw);
  EXPECT_EQ(bytes.find(std::string(raw->begin(), raw->end())), std::string::npos);
  for (const auto& code : enabled.backup_codes) {
    EXPECT_EQ(bytes.find(code), std::string::npos);
    EXPECT_EQ(bytes.find(otp::normalize_backup_code(code).code), std::string::npos);
  }
}

TEST_F(two_factor_setup_test, five_wrong_codes_end_the_setup) {
  ASSERT_EQ(alice_browser.post("/api/me/two-factor/app").status, 200U);
  for (int left = 4; left >= 0; --left) {
    const auto wrong = alice_browser.post("/api/me/two-factor/confirm", code_body("000000"));
    ASSERT_EQ(wrong.status, 401U);
    EXPECT_EQ(json_of(wrong)["error"]["attempts_left"], left);
  }
  const auto after = alice_browser.post("/api/me/two-factor/confirm", code_body("000000"));
  EXPECT_EQ(after.status, 409U);
  EXPECT_EQ(json_of(after)["error"]["code"], "no_setup_in_progress");
}

TEST_F(two_factor_setup_test, email_setup_mails_a_code_that_turns_email_on) {
  const auto started = alice_browser.post("/api/me/two-factor/email");
  ASSERT_EQ(started.status, 200U) << started.body;
  EXPECT_EQ(json_of(started)["email_hint"], "a***@acme.example");
  EXPECT_EQ(json_of(started)["resend_in"], 60);
  EXPECT_EQ(h.probe().text("SELECT recipient FROM mail_outbox"), "alice@acme.example");
  EXPECT_EQ(h.mail_notifications, 1);  // the outbox sender is woken
  const auto confirmed = alice_browser.post("/api/me/two-factor/confirm", code_body(last_mailed_code(h)));
  ASSERT_EQ(confirmed.status, 200U) << confirmed.body;
  EXPECT_EQ(json_of(confirmed)["method"], "email");
}

TEST_F(two_factor_setup_test, email_setup_resend_waits_sixty_seconds_and_replaces_the_code) {
  ASSERT_EQ(alice_browser.post("/api/me/two-factor/email").status, 200U);
  const std::string first = last_mailed_code(h);
  h.clock.advance(59s);
  const auto early = alice_browser.post("/api/me/two-factor/email");
  ASSERT_EQ(early.status, 429U);
  EXPECT_EQ(json_of(early)["error"]["code"], "resend_too_soon");
  EXPECT_EQ(json_of(early)["error"]["seconds"], 1);
  EXPECT_EQ(header_of(early, "Retry-After"), "1");
  EXPECT_EQ(mail_count(h), 1);

  h.clock.advance(1s);
  ASSERT_EQ(alice_browser.post("/api/me/two-factor/email").status, 200U);
  const std::string second = last_mailed_code(h);
  if (first != second) {  // one chance in a million they are equal
    EXPECT_EQ(alice_browser.post("/api/me/two-factor/confirm", code_body(first)).status, 401U);
  }
  EXPECT_EQ(alice_browser.post("/api/me/two-factor/confirm", code_body(second)).status, 200U);
}

TEST_F(two_factor_setup_test, email_setup_code_expires_after_ten_minutes) {
  ASSERT_EQ(alice_browser.post("/api/me/two-factor/email").status, 200U);
  h.clock.advance(10min);
  const auto late = alice_browser.post("/api/me/two-factor/confirm", code_body(last_mailed_code(h)));
  EXPECT_EQ(late.status, 409U);
  EXPECT_EQ(json_of(late)["error"]["code"], "no_setup_in_progress");
}

TEST_F(two_factor_setup_test, allows_one_method_at_a_time) {
  std::ignore = enable_email(alice_browser, h);
  const auto app = alice_browser.post("/api/me/two-factor/app");
  EXPECT_EQ(app.status, 409U);
  EXPECT_EQ(json_of(app)["error"]["code"], "two_factor_already_on");
  EXPECT_EQ(alice_browser.post("/api/me/two-factor/email").status, 409U);
  EXPECT_EQ(json_of(alice_browser.get("/api/me/two-factor"))["method"], "email");
}

TEST_F(two_factor_setup_test, turning_off_right_after_sign_in_needs_no_password_and_mails_the_user) {
  std::ignore = enable_app(alice_browser, h);
  const auto mails_before = mail_count(h);
  EXPECT_EQ(alice_browser.remove("/api/me/two-factor").status, 204U);
  EXPECT_EQ(json_of(alice_browser.get("/api/me/two-factor"))["method"], nullptr);
  EXPECT_EQ(mail_count(h), mails_before + 1);
  EXPECT_EQ(h.probe().text("SELECT subject FROM mail_outbox ORDER BY id DESC LIMIT 1"),
            "Two-factor authentication was turned off");
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM backup_codes"), 0);
  EXPECT_EQ(alice_browser.remove("/api/me/two-factor").status, 409U);
}

TEST_F(two_factor_setup_test, turning_off_later_needs_the_password) {
  std::ignore = enable_app(alice_browser, h);
  h.clock.advance(h.cfg.step_up_window);
  EXPECT_TRUE(json_of(alice_browser.get("/api/me/two-factor"))["step_up_required"].get<bool>());
  const auto bare = alice_browser.remove("/api/me/two-factor");
  EXPECT_EQ(bare.status, 403U);
  EXPECT_EQ(json_of(bare)["error"]["code"], "step_up_required");
  const auto wrong = alice_browser.remove("/api/me/two-factor", R"({"password":"not it"})");
  EXPECT_EQ(wrong.status, 401U);
  EXPECT_EQ(json_of(wrong)["error"]["code"], "password_rejected");
  EXPECT_EQ(json_of(alice_browser.get("/api/me/two-factor"))["method"], "app");
  const auto right = alice_browser.remove("/api/me/two-factor", nlohmann::json{{"password", alice.password}}.dump());
  EXPECT_EQ(right.status, 204U) << right.body;
}

TEST_F(two_factor_setup_test, new_backup_codes_replace_the_old_ones_and_bring_the_reminder_back) {
  const auto enabled = enable_app(alice_browser, h);
  EXPECT_EQ(alice_browser.post("/api/me/backup-codes/download").status, 204U);
  EXPECT_TRUE(json_of(alice_browser.get("/api/me/two-factor"))["backup_codes"]["downloaded"].get<bool>());
  EXPECT_NE(json_of(alice_browser.get("/api/me/backup-codes"))["downloaded_at"], nullptr);

  const auto renewed = alice_browser.post("/api/me/backup-codes");
  ASSERT_EQ(renewed.status, 200U) << renewed.body;
  const std::vector<std::string> fresh = json_of(renewed)["codes"];
  ASSERT_EQ(fresh.size(), 10U);
  EXPECT_FALSE(json_of(alice_browser.get("/api/me/two-factor"))["backup_codes"]["downloaded"].get<bool>());

  ASSERT_EQ(alice_browser.remove("/api/session").status, 204U);
  ASSERT_EQ(alice_browser.sign_in(alice).status, 202U);
  EXPECT_EQ(alice_browser.post("/api/session/second-step", backup_code_body(enabled.backup_codes[0])).status, 401U);
  EXPECT_EQ(alice_browser.post("/api/session/second-step", backup_code_body(fresh[0])).status, 200U);
}

TEST(two_factor_step_up, a_window_of_zero_always_asks_for_the_password) {
  app_harness h([](config& cfg) { cfg.step_up_window = std::chrono::seconds{0}; });
  test_browser browser(h);
  ASSERT_EQ(browser.sign_in(alice).status, 200U);
  std::ignore = enable_app(browser, h);
  EXPECT_TRUE(json_of(browser.get("/api/me/two-factor"))["step_up_required"].get<bool>());
  EXPECT_EQ(browser.remove("/api/me/two-factor").status, 403U);
  EXPECT_EQ(browser.post("/api/me/backup-codes").status, 403U);
}

TEST_F(two_factor_setup_test, new_backup_codes_later_need_the_password) {
  std::ignore = enable_app(alice_browser, h);
  h.clock.advance(h.cfg.step_up_window);
  EXPECT_EQ(alice_browser.post("/api/me/backup-codes").status, 403U);
  EXPECT_EQ(alice_browser.post("/api/me/backup-codes", nlohmann::json{{"password", alice.password}}.dump()).status,
            200U);
}

TEST_F(two_factor_setup_test, backup_codes_and_their_state_need_two_factor_on) {
  EXPECT_EQ(alice_browser.get("/api/me/backup-codes").status, 409U);
  EXPECT_EQ(alice_browser.post("/api/me/backup-codes").status, 409U);
  EXPECT_EQ(alice_browser.post("/api/me/backup-codes/download").status, 409U);
}

TEST_F(two_factor_setup_test, every_endpoint_needs_a_session) {
  test_browser stranger(h);
  EXPECT_EQ(stranger.get("/api/me/two-factor").status, 401U);
  EXPECT_EQ(stranger.post("/api/me/two-factor/app").status, 401U);
  EXPECT_EQ(stranger.post("/api/me/two-factor/email").status, 401U);
  EXPECT_EQ(stranger.post("/api/me/two-factor/confirm", code_body("123456")).status, 401U);
  EXPECT_EQ(stranger.remove("/api/me/two-factor").status, 401U);
  EXPECT_EQ(stranger.get("/api/me/backup-codes").status, 401U);
  EXPECT_EQ(stranger.post("/api/me/backup-codes").status, 401U);
  EXPECT_EQ(stranger.post("/api/me/backup-codes/download").status, 401U);
}

TEST_F(two_factor_setup_test, records_audit_events) {
  std::ignore = enable_app(alice_browser, h);
  EXPECT_EQ(alice_browser.remove("/api/me/two-factor").status, 204U);
  EXPECT_EQ(h.probe().rows("SELECT event, detail FROM audit_events WHERE event LIKE 'two_factor.%' ORDER BY id"),
            (std::vector<std::vector<std::string>>{{"two_factor.setup_started", R"({"method":"app"})"},
                                                   {"two_factor.enabled", R"({"method":"app"})"},
                                                   {"two_factor.disabled", R"({"method":"app"})"}}));
}

}  // namespace
}  // namespace twofold::server::testing
