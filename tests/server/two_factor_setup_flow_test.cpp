// The 2FA setup flow's pure steps (flows/two_factor_setup.hpp) without a
// database: off -> setting_up -> on, and each refusal on the way.
#include <gtest/gtest.h>

#include "flows/two_factor_setup.hpp"
#include "support/flow_values.hpp"
#include "support/test_accounts.hpp"

namespace twofold::server::testing {
namespace {

const client_info& browser = flow_browser;
const timestamp t0 = test_epoch;

user person() { return bob_the_agent(); }

setup_secrets secrets() {
  setup_secrets drawn{.sent_code = "654321",
                      .sent_code_hash = {},
                      .totp_secret = std::vector<std::uint8_t>(20, 0x42),
                      .sealed_totp_secret = {1, 2, 3},
                      .backup_codes = {.codes = {"AAAA-BBBB-CCCC-DD"}, .created_at = t0},
                      .hashed_backup_codes = {.user_id = 7, .created_at = t0, .codes = {}}};
  drawn.sent_code_hash.fill(9);
  return drawn;
}

two_factor_setup_record app_setup() {
  two_factor_setup_record setup;
  setup.user_id = 7;
  setup.method = "app";
  setup.expires_at = t0 + app_setup_lifetime;
  return setup;
}

// The flow as the records a step's change set would leave.
two_factor_setup_flow after(const setup_step& step, timestamp now) {
  const auto& put = step.changes.two_factor.setups_put;
  return setup_flow_of(std::nullopt, put.empty() ? std::nullopt : std::optional(put.back()), now);
}

TEST(two_factor_setup_flow, walks_off_setting_up_wrong_code_right_code_on) {
  const auto account = person();
  auto flow = setup_flow_of(std::nullopt, std::nullopt, t0);
  EXPECT_EQ(flow.state, setup_state::off);

  auto step = start_email_setup(flow, account, browser, secrets(), t0);
  ASSERT_TRUE(std::holds_alternative<setup_code_sent>(step.outcome));
  EXPECT_EQ(std::get<setup_code_sent>(step.outcome).sent_to, "b***@acme.example");
  EXPECT_EQ(step.changes.mail.size(), 1U);
  flow = after(step, t0);
  EXPECT_EQ(flow.state, setup_state::setting_up);

  step = confirm_setup(flow, account, acting_browser(), {.claimed = true, .right = false, .totp_step = std::nullopt}, secrets(), t0);
  ASSERT_TRUE(std::holds_alternative<setup_code_rejected>(step.outcome));
  EXPECT_EQ(std::get<setup_code_rejected>(step.outcome).attempts_left, max_setup_attempts - 1);
  EXPECT_TRUE(step.changes.two_factor.setups_ended.empty()) << "the setup goes on";

  step = confirm_setup(flow, account, acting_browser(), {.claimed = true, .right = true, .totp_step = std::nullopt}, secrets(), t0);
  ASSERT_TRUE(std::holds_alternative<two_factor_turned_on>(step.outcome));
  EXPECT_EQ(std::get<two_factor_turned_on>(step.outcome).method, two_factor_method::email);
  ASSERT_EQ(step.changes.guards.size(), 1U);
  EXPECT_TRUE(std::holds_alternative<setup_finish>(step.changes.guards[0])) << "turned on once";
  EXPECT_EQ(step.changes.two_factor.methods_put.size(), 1U);
  EXPECT_EQ(step.changes.two_factor.backup_code_sets.size(), 1U);
  EXPECT_EQ(step.changes.trust.ended.size(), 1U) << "a new method ends trusted browsers";
  ASSERT_EQ(step.changes.mail.size(), 1U) << "the person hears that 2FA is on";
  for (const auto* said : {"Firefox", "Ubuntu", "Paris", "198.51.100.4", "/profile/#security"}) {
    EXPECT_NE(step.changes.mail[0].text_body.find(said), std::string::npos) << said;
  }

  two_factor_record email_on;
  email_on.user_id = 7;
  email_on.method = "email";
  const auto on = setup_flow_of(email_on, std::nullopt, t0);
  EXPECT_EQ(on.state, setup_state::on);
  EXPECT_TRUE(std::holds_alternative<two_factor_already_on>(start_app_setup(on, account, browser, secrets(), t0).outcome));
  EXPECT_TRUE(std::holds_alternative<two_factor_already_on>(
      confirm_setup(on, account, acting_browser(), {.claimed = true, .right = true, .totp_step = std::nullopt}, secrets(), t0).outcome));
}

TEST(two_factor_setup_flow, the_last_wrong_code_discards_the_setup) {
  const auto account = person();
  auto record = app_setup();
  record.attempts = max_setup_attempts - 1;
  const auto flow = setup_flow_of(std::nullopt, record, t0);
  const auto step = confirm_setup(flow, account, acting_browser(), {.claimed = true, .right = false, .totp_step = std::nullopt},
                                  secrets(), t0);
  EXPECT_EQ(std::get<setup_code_rejected>(step.outcome).attempts_left, 0);
  EXPECT_EQ(step.changes.two_factor.setups_ended, (std::vector<row_id>{7}));
}

TEST(two_factor_setup_flow, an_unclaimed_or_expired_setup_is_no_setup) {
  const auto account = person();
  const auto record = app_setup();
  EXPECT_EQ(setup_flow_of(std::nullopt, record, t0 + app_setup_lifetime).state, setup_state::off);
  const auto flow = setup_flow_of(std::nullopt, record, t0);
  const auto step = confirm_setup(flow, account, acting_browser(), {.claimed = false, .right = true, .totp_step = std::nullopt},
                                  secrets(), t0);
  EXPECT_TRUE(std::holds_alternative<no_setup_in_progress>(step.outcome)) << "out of attempts in parallel";
}

TEST(two_factor_setup_flow, an_email_setup_mails_again_only_after_60_seconds) {
  const auto account = person();
  const auto first = start_email_setup(setup_flow_of(std::nullopt, std::nullopt, t0), account, browser, secrets(), t0);
  const auto early = start_email_setup(after(first, t0 + std::chrono::seconds{30}), account, browser, secrets(),
                                       t0 + std::chrono::seconds{30});
  ASSERT_TRUE(std::holds_alternative<setup_resend_too_soon>(early.outcome));
  EXPECT_EQ(std::get<setup_resend_too_soon>(early.outcome).wait, std::chrono::seconds{30});
  EXPECT_TRUE(early.changes.mail.empty());
}

TEST(two_factor_setup_flow, an_app_setup_shows_the_secret_and_keeps_it_sealed) {
  const auto step = start_app_setup(setup_flow_of(std::nullopt, std::nullopt, t0), person(), browser, secrets(), t0);
  ASSERT_TRUE(std::holds_alternative<app_setup_started>(step.outcome));
  const auto& started = std::get<app_setup_started>(step.outcome);
  EXPECT_EQ(started.issuer, "Twofold (Acme Corp)");
  EXPECT_TRUE(started.otpauth_uri.starts_with("otpauth://totp/")) << started.otpauth_uri;
  ASSERT_EQ(step.changes.two_factor.setups_put.size(), 1U);
  EXPECT_EQ(step.changes.two_factor.setups_put[0].sealed_secret, secrets().sealed_totp_secret);
}

}  // namespace
}  // namespace twofold::server::testing
