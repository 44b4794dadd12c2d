// The SMS method's setup steps (flows/two_factor_setup.hpp) without a
// database: the code texted to the number being set up, its resend, and a
// new number for SMS codes that are on (a step-up first, the backup codes
// kept, the person mailed).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "flows/two_factor_setup.hpp"
#include "support/flow_values.hpp"
#include "support/test_accounts.hpp"

namespace twofold::server::testing {
namespace {

const client_info& browser = flow_browser;
const timestamp t0 = test_epoch;
const step_up_result allowed{.outcome = step_up_outcome::allowed};

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

const new_phone_number uk{.e164 = "+447700900123", .sealed = {0x51, 0x52}};
const new_phone_number france{.e164 = "+33612345678", .sealed = {0x61, 0x62}};

// The flow as the service loads it after `step`: the setup written, its number opened.
two_factor_setup_flow after(const setup_step& step, const std::optional<two_factor_record>& method,
                            const std::optional<std::string>& phone, const std::string& setup_phone, timestamp now) {
  const auto& put = step.changes.two_factor.setups_put;
  auto flow = setup_flow_of(method, put.empty() ? std::nullopt : std::optional(put.back()), now);
  flow.phone = phone;
  if (flow.setup) flow.setup_phone = setup_phone;
  return flow;
}

two_factor_record sms_on() {
  two_factor_record method;
  method.user_id = 7;
  method.method = "sms";
  method.sealed_phone = uk.sealed;
  method.enabled_at = t0;
  return method;
}

TEST(sms_setup_flow, texts_a_code_to_the_number_then_turns_sms_on_with_it) {
  const auto account = bob_the_agent();
  auto step = start_sms_setup(setup_flow_of(std::nullopt, std::nullopt, t0), account, uk, allowed, browser, secrets(), t0);
  ASSERT_TRUE(std::holds_alternative<setup_code_sent>(step.outcome));
  EXPECT_EQ(std::get<setup_code_sent>(step.outcome).sent_to, "+44 ••• ••• 0123");
  ASSERT_EQ(step.changes.sms.size(), 1U);
  EXPECT_TRUE(step.changes.mail.empty());
  EXPECT_EQ(step.changes.sms[0].recipient, "+447700900123");
  EXPECT_NE(step.changes.sms[0].text.find("654321"), std::string::npos) << step.changes.sms[0].text;
  ASSERT_EQ(step.changes.two_factor.setups_put.size(), 1U);
  EXPECT_EQ(step.changes.two_factor.setups_put[0].sealed_phone, uk.sealed) << "the number waits sealed";

  auto flow = after(step, std::nullopt, std::nullopt, uk.e164, t0);
  EXPECT_EQ(flow.state, setup_state::setting_up);
  const auto early = resend_sms_code(flow, account, browser, secrets(), t0 + std::chrono::seconds{59});
  ASSERT_TRUE(std::holds_alternative<setup_resend_too_soon>(early.outcome));
  const auto resent = resend_sms_code(flow, account, browser, secrets(), t0 + std::chrono::seconds{60});
  ASSERT_EQ(resent.changes.sms.size(), 1U);
  EXPECT_EQ(resent.changes.sms[0].recipient, "+447700900123");

  step = confirm_setup(flow, account, acting_browser(), {.claimed = true, .right = true, .totp_step = std::nullopt}, secrets(), t0);
  ASSERT_TRUE(std::holds_alternative<two_factor_turned_on>(step.outcome));
  EXPECT_EQ(std::get<two_factor_turned_on>(step.outcome).method, two_factor_method::sms);
  ASSERT_EQ(step.changes.two_factor.methods_put.size(), 1U);
  EXPECT_EQ(step.changes.two_factor.methods_put[0].sealed_phone, uk.sealed);
  EXPECT_EQ(nlohmann::json::parse(step.changes.audit_events.back().detail_json),
            (nlohmann::json{{"method", "sms"}, {"phone", "+44 ••• ••• 0123"}}));
}

TEST(sms_setup_flow, a_new_number_needs_the_step_up_keeps_the_codes_and_is_mailed) {
  const auto account = bob_the_agent();
  auto on = setup_flow_of(sms_on(), std::nullopt, t0);
  on.phone = uk.e164;
  EXPECT_EQ(on.state, setup_state::on);
  EXPECT_TRUE(changes_number(on));

  const auto refused = start_sms_setup(on, account, france, {.outcome = step_up_outcome::password_required}, browser,
                                       secrets(), t0);
  ASSERT_TRUE(std::holds_alternative<step_up_denied>(refused.outcome));
  EXPECT_TRUE(refused.changes.sms.empty());

  const auto started = start_sms_setup(on, account, france, allowed, browser, secrets(), t0);
  ASSERT_TRUE(std::holds_alternative<setup_code_sent>(started.outcome));
  ASSERT_EQ(started.changes.sms.size(), 1U);
  EXPECT_EQ(started.changes.sms[0].recipient, "+33612345678") << "the code goes to the new number";
  const auto changing = after(started, sms_on(), uk.e164, france.e164, t0);
  EXPECT_EQ(changing.state, setup_state::changing_number);

  const auto changed = confirm_setup(changing, account, acting_browser(), {.claimed = true, .right = true, .totp_step = std::nullopt},
                                     secrets(), t0 + std::chrono::minutes{5});
  ASSERT_TRUE(std::holds_alternative<phone_number_changed>(changed.outcome));
  EXPECT_EQ(std::get<phone_number_changed>(changed.outcome).phone_hint, "+33 ••• •• 5678");
  ASSERT_EQ(changed.changes.two_factor.methods_put.size(), 1U);
  EXPECT_EQ(changed.changes.two_factor.methods_put[0].sealed_phone, france.sealed);
  EXPECT_EQ(changed.changes.two_factor.methods_put[0].enabled_at, t0) << "the method stays as it was turned on";
  EXPECT_TRUE(changed.changes.two_factor.backup_code_sets.empty()) << "the backup codes stay";
  EXPECT_EQ(changed.changes.mail.size(), 1U) << "the person hears of it";
  EXPECT_EQ(changed.changes.trust.ended.size(), 1U);

  // A wrong code leaves the old number on.
  const auto wrong = confirm_setup(changing, account, acting_browser(), {.claimed = true, .right = false, .totp_step = std::nullopt},
                                   secrets(), t0);
  ASSERT_TRUE(std::holds_alternative<setup_code_rejected>(wrong.outcome));
  EXPECT_TRUE(wrong.changes.two_factor.methods_put.empty());
}

TEST(sms_setup_flow, another_method_on_refuses_an_sms_setup) {
  two_factor_record app_on;
  app_on.user_id = 7;
  app_on.method = "app";
  const auto on = setup_flow_of(app_on, std::nullopt, t0);
  EXPECT_FALSE(changes_number(on));
  EXPECT_TRUE(std::holds_alternative<two_factor_already_on>(
      start_sms_setup(on, bob_the_agent(), uk, allowed, browser, secrets(), t0).outcome));
}

}  // namespace
}  // namespace twofold::server::testing
