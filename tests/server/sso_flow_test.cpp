// Single sign-on's pure steps (flows/sso_sign_in.hpp) and the bind through
// the sign-in flow, without a database or a provider: each branch of the
// callback, and an external account linked only when its flow signs in.
#include <gtest/gtest.h>

#include "flows/sso_sign_in.hpp"
#include "support/flow_values.hpp"
#include "support/test_accounts.hpp"

namespace twofold::server::testing {
namespace {

const timestamp t0 = test_epoch;
const session_policy sessions{};

session_token token(std::uint8_t tag) {
  session_token made{.cookie_value = std::string(43, static_cast<char>('a' + tag % 26)), .hash = {}};
  made.hash.fill(tag);
  return made;
}

sign_in_secrets secrets() {
  return {.flow = token(1), .session = token(2), .trusted_browser = token(3), .sent_code = "123456", .sent_code_hash = {}};
}

const external_account google_alice{.provider = "google",
                                    .provider_name = "Google",
                                    .issuer = "https://accounts.google.com",
                                    .subject = "1001",
                                    .email = "bob@mail.example",
                                    .name = "Bob at Google"};

sso_start_record start_for(row_id company_id, std::optional<row_id> connecting = std::nullopt) {
  return sso_start_record{.state_hash = token(7).hash,
                          .browser_hash = token(8).hash,
                          .company_id = company_id,
                          .provider = "google",
                          .user_id = connecting,
                          .nonce = "n",
                          .sealed_verifier = {},
                          .language = "zh-CN",
                          .created_at = t0,
                          .expires_at = t0 + sso_start_lifetime,
                          .used_at = std::nullopt};
}

sso_callback_facts facts_for(std::optional<user> linked, std::optional<two_factor_method> method = std::nullopt,
                             bool after_sso = false) {
  return {.start = start_for(3), .external = google_alice, .linked = std::move(linked), .method = method,
          .phone = std::nullopt, .connecting = std::nullopt, .two_factor_after_sso = after_sso, .origin = familiar_origin()};
}

std::vector<std::string> events_of(const change_set& changes) {
  std::vector<std::string> names;
  for (const auto& event : changes.audit_events) names.push_back(event.event);
  return names;
}

TEST(sso_flow, an_account_linked_to_nobody_waits_in_bind_for_its_password) {
  const auto step = finish_sso(facts_for(std::nullopt), flow_browser, secrets(), sessions, t0);
  ASSERT_TRUE(std::holds_alternative<bind_waiting>(step.outcome));
  const auto& flow = std::get<bind_waiting>(step.outcome).flow;
  EXPECT_EQ(flow.state, sign_in_state::bind);
  EXPECT_FALSE(flow.user_id.has_value());
  EXPECT_EQ(flow.company_id, 3);
  EXPECT_EQ(flow.external, google_alice);
  EXPECT_EQ(flow.language, i18n::language::zh_cn) << "the sign-in page's language goes along";
  EXPECT_TRUE(step.changes.sso.linked.empty()) << "nothing linked before the password";
  EXPECT_EQ(to_flow(to_record(flow))->external, google_alice) << "stored and read back";
}

TEST(sso_flow, a_linked_account_signs_in_without_twofolds_code_unless_the_company_asks_for_it) {
  const auto bob = bob_the_agent();
  auto step = finish_sso(facts_for(bob, two_factor_method::app), flow_browser, secrets(), sessions, t0);
  ASSERT_TRUE(std::holds_alternative<signed_in>(step.outcome));
  EXPECT_EQ(events_of(step.changes), (std::vector<std::string>{"sso.signed_in", "sign_in.succeeded"}));
  EXPECT_EQ(step.changes.sessions.opened.at(0).language, "zh-CN");

  step = finish_sso(facts_for(bob, two_factor_method::app, true), flow_browser, secrets(), sessions, t0);
  ASSERT_TRUE(std::holds_alternative<flow_waiting>(step.outcome));
  EXPECT_EQ(std::get<flow_waiting>(step.outcome).flow.state, sign_in_state::second_factor);
  EXPECT_TRUE(step.changes.sessions.opened.empty());
}

TEST(sso_flow, another_companys_disabled_or_locked_account_is_refused_with_its_reason) {
  auto other_company = bob_the_agent();
  other_company.company_id = 4;
  auto disabled = bob_the_agent();
  disabled.disabled = true;
  auto locked = bob_the_agent();
  locked.lockout = {.failures = max_code_failures, .locked_at = t0, .locked_until = std::nullopt};
  const std::pair<user, sso_failure> cases[] = {{other_company, sso_failure::company_mismatch},
                                                {disabled, sso_failure::account_disabled},
                                                {locked, sso_failure::account_locked}};
  for (const auto& [account, reason] : cases) {
    const auto step = finish_sso(facts_for(account), flow_browser, secrets(), sessions, t0);
    ASSERT_TRUE(std::holds_alternative<sso_refused>(step.outcome)) << failure_code(reason);
    EXPECT_EQ(std::get<sso_refused>(step.outcome).reason, reason);
    ASSERT_EQ(step.changes.audit_events.size(), 1U);
    EXPECT_EQ(step.changes.audit_events[0].event, "sso.failed");
    EXPECT_TRUE(step.changes.sessions.opened.empty());
  }
}

TEST(sso_flow, a_connect_links_to_the_signed_in_user_and_never_takes_anothers_account) {
  const auto bob = bob_the_agent();
  auto facts = facts_for(std::nullopt);
  facts.connecting = bob;
  auto step = finish_sso(facts, flow_browser, secrets(), sessions, t0);
  ASSERT_TRUE(std::holds_alternative<sso_connected>(step.outcome));
  ASSERT_EQ(step.changes.sso.linked.size(), 1U);
  EXPECT_EQ(step.changes.sso.linked[0].user_id, bob.id);
  EXPECT_EQ(step.changes.mail.size(), 1U);
  EXPECT_TRUE(std::holds_alternative<identity_free>(step.changes.guards.at(0))) << "linked once, even in parallel";

  auto someone_else = bob;
  someone_else.id = 99;
  facts.linked = someone_else;
  step = finish_sso(facts, flow_browser, secrets(), sessions, t0);
  ASSERT_TRUE(std::holds_alternative<sso_refused>(step.outcome));
  EXPECT_EQ(std::get<sso_refused>(step.outcome).reason, sso_failure::already_linked);
  EXPECT_TRUE(step.changes.sso.linked.empty());
}

TEST(sso_flow, a_bind_links_when_its_flow_signs_in_after_the_password_and_the_code) {
  const auto bob = bob_the_agent();
  const password_attempt binding{.client = flow_browser,
                                 .previous_session = std::nullopt,
                                 .language = std::nullopt,
                                 .bind_flow = token(5).hash,
                                 .external = google_alice};
  password_facts right{.company_id = bob.company_id, .user_id = bob.id, .account = bob, .check = password_check::correct,
                       .rehashed = std::nullopt, .method = std::nullopt, .phone = std::nullopt,
                       .trusted_browser = std::nullopt, .origin = familiar_origin(), .code_sends = {}};
  auto step = submit_password(binding, right, secrets(), sessions, t0);
  ASSERT_TRUE(std::holds_alternative<signed_in>(step.outcome));
  EXPECT_EQ(step.changes.sign_in_flows.ended, (std::vector<session_token_hash>{token(5).hash})) << "the bind ends";
  ASSERT_EQ(step.changes.sso.linked.size(), 1U);
  EXPECT_EQ(step.changes.sso.linked[0].subject, "1001");

  right.method = two_factor_method::app;
  step = submit_password(binding, right, secrets(), sessions, t0);
  ASSERT_TRUE(std::holds_alternative<flow_waiting>(step.outcome));
  const auto flow = std::get<flow_waiting>(step.outcome).flow;
  EXPECT_TRUE(step.changes.sso.linked.empty()) << "not before the code";
  EXPECT_EQ(flow.external, google_alice) << "the code's flow carries the account";
  step = submit_code(flow, bob, {.client = flow_browser, .kind = "code", .remember = false}, 1,
                     totp_step_use{.user_id = bob.id, .step = 9}, familiar_origin(), secrets(), sessions, t0);
  ASSERT_TRUE(std::holds_alternative<signed_in>(step.outcome));
  EXPECT_EQ(step.changes.sso.linked.size(), 1U);
}

TEST(sso_flow, a_bind_with_another_companys_account_is_the_generic_refusal) {
  const password_attempt binding{.client = flow_browser,
                                 .previous_session = std::nullopt,
                                 .language = std::nullopt,
                                 .bind_flow = token(5).hash,
                                 .external = google_alice};
  const auto step = bind_company_refused(binding, password_facts{.company_id = 4, .user_id = 12, .account = std::nullopt,
                                                                 .check = password_check::correct, .rehashed = std::nullopt,
                                                                 .method = std::nullopt, .phone = std::nullopt,
                                                                 .trusted_browser = std::nullopt,
                                                                 .origin = familiar_origin(),
                                                                 .code_sends = {}},
                                         t0);
  EXPECT_TRUE(std::holds_alternative<sign_in_denied>(step.outcome));
  EXPECT_EQ(step.changes.audit_events.at(0).detail_json, R"({"provider":"google","reason":"company_mismatch"})");
  EXPECT_TRUE(step.changes.sign_in_flows.ended.empty()) << "the bind may try again";
}

}  // namespace
}  // namespace twofold::server::testing
