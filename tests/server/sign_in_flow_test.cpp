// The sign-in flow's pure steps (flows/sign_in_flow.hpp), walked without a
// database, a clock or randomness: facts in, outcome and change set out.
// The first test walks every transition of one sign-in, Kanidm-style; the
// others each take one branch.
#include <gtest/gtest.h>

#include <array>

#include "flows/sign_in_steps.hpp"
#include "two_factor/code_send_limit.hpp"
#include "support/flow_values.hpp"
#include "support/test_accounts.hpp"

namespace twofold::server::testing {
namespace {

const client_info& browser = flow_browser;
const password_attempt from_browser{.client = browser, .previous_session = std::nullopt, .language = std::nullopt,
                                     .bind_flow = std::nullopt, .external = std::nullopt};
const session_policy sessions{};
const timestamp t0 = test_epoch;

session_token token(std::uint8_t tag) {
  session_token made{.cookie_value = std::string(43, static_cast<char>('a' + tag % 26)), .hash = {}};
  made.hash.fill(tag);
  return made;
}

sign_in_secrets secrets(std::uint8_t tag = 1) {
  sign_in_secrets drawn{.flow = token(tag),
                        .session = token(static_cast<std::uint8_t>(tag + 1)),
                        .trusted_browser = token(static_cast<std::uint8_t>(tag + 2)),
                        .sent_code = "123456",
                        .sent_code_hash = {}};
  drawn.sent_code_hash.fill(static_cast<std::uint8_t>(tag + 3));
  return drawn;
}

user agent() { return bob_the_agent(); }

password_facts right_password(const user& account, std::optional<two_factor_method> method) {
  return password_facts{.company_id = account.company_id,
                        .user_id = account.id,
                        .account = account,
                        .check = password_check::correct,
                        .rehashed = std::nullopt,
                        .method = method,
                        .phone = std::nullopt,
                        .trusted_browser = std::nullopt,
                        .origin = familiar_origin(),
                        .code_sends = {}};
}

// A flow waiting for the code since t0.
sign_in_flow waiting_flow(const user& account, two_factor_method method = two_factor_method::app) {
  return sign_in_flow{.id = token(1).hash,
                      .state = sign_in_state::second_factor,
                      .user_id = account.id,
                      .company_id = account.company_id,
                      .method = method,
                      .sent_code = std::nullopt,
                      .last_sent_at = std::nullopt,
                      .created_at = t0,
                      .expires_at = t0 + sign_in_flow_lifetime,
                      .started_by = browser,
                      .language = std::nullopt,
                      .external = std::nullopt};
}

std::vector<std::string> events_of(const change_set& changes) {
  std::vector<std::string> names;
  for (const auto& event : changes.audit_events) names.push_back(event.event);
  return names;
}

code_submission typed_code(bool remember = false) { return {.client = browser, .kind = "code", .remember = remember}; }

TEST(sign_in_flow, walks_password_email_code_wrong_codes_resend_right_code_new_password_to_signed_in) {
  auto account = agent();
  account.must_change_password = true;

  // password -> second_factor: a flow waits, the code is mailed
  auto step = submit_password(from_browser,
                              right_password(account, two_factor_method::email), secrets(1), sessions, t0);
  ASSERT_TRUE(std::holds_alternative<flow_waiting>(step.outcome));
  auto flow = std::get<flow_waiting>(step.outcome).flow;
  EXPECT_EQ(state_after(step.outcome), sign_in_state::second_factor);
  EXPECT_EQ(flow.expires_at, t0 + sign_in_flow_lifetime);
  EXPECT_EQ(methods_of(flow), (std::vector<std::string_view>{"email", "backup_code"}));
  EXPECT_EQ(step.changes.sign_in_flows.put.size(), 1U);
  EXPECT_EQ(step.changes.mail.size(), 1U);
  EXPECT_TRUE(step.changes.sessions.opened.empty()) << "no session before the second factor";
  EXPECT_EQ(events_of(step.changes), (std::vector<std::string>{"second_step.code_sent", "second_step.started"}));

  // wrong codes 1..4: second_factor, the 3rd and 4th warn
  std::vector<int> left;
  std::vector<bool> warned;
  for (int attempt = 1; attempt <= 4; ++attempt) {
    step = submit_code(flow, account, typed_code(), attempt, std::nullopt, familiar_origin(), secrets(), sessions, t0);
    ASSERT_TRUE(std::holds_alternative<code_rejected>(step.outcome));
    EXPECT_EQ(state_after(step.outcome), sign_in_state::second_factor);
    left.push_back(std::get<code_rejected>(step.outcome).attempts_left);
    warned.push_back(std::get<code_rejected>(step.outcome).warn);
    const auto expected = attempt == 1 ? std::vector<std::string>{"second_step.failed", "notice.password_known"}
                                       : std::vector<std::string>{"second_step.failed"};
    EXPECT_EQ(events_of(step.changes), expected) << "the first wrong code tells that the password is known";
  }
  EXPECT_EQ(left, (std::vector<int>{4, 3, 2, 1}));
  EXPECT_EQ(warned, (std::vector<bool>{false, false, true, true}));

  // resend after 60 s: the same flow, a new code, no new cookie
  step = resend_code(flow, account, std::nullopt, browser, secrets(9), {}, t0 + std::chrono::seconds{60});
  ASSERT_TRUE(std::holds_alternative<flow_waiting>(step.outcome));
  EXPECT_FALSE(std::get<flow_waiting>(step.outcome).cookie) << "a resend keeps the flow's cookie";
  EXPECT_EQ(std::get<flow_waiting>(step.outcome).flow.expires_at, flow.expires_at) << "and its expiry";
  flow = std::get<flow_waiting>(step.outcome).flow;
  EXPECT_EQ(flow.last_sent_at, t0 + std::chrono::seconds{60});

  // right code -> new_password (a temporary password): the code consumed with the flow
  step = submit_code(flow, account, typed_code(), 5, sign_in_flow_finish{.token_hash = flow.id}, familiar_origin(), secrets(20), sessions, t0);
  ASSERT_TRUE(std::holds_alternative<flow_waiting>(step.outcome));
  EXPECT_EQ(state_after(step.outcome), sign_in_state::new_password);
  EXPECT_EQ(step.changes.guards.size(), 1U) << "the email code ends with the flow: one guard";
  EXPECT_EQ(step.changes.lockout.resets, (std::vector<row_id>{account.id}));
  EXPECT_EQ(events_of(step.changes), (std::vector<std::string>{"second_step.succeeded", "password.change_required"}));
  const auto next = std::get<flow_waiting>(step.outcome).flow;
  EXPECT_NE(next.id, flow.id) << "each state has a token of its own";
  EXPECT_EQ(methods_of(next), (std::vector<std::string_view>{"password"}));

  // new password -> signed_in
  step = submit_new_password(next, account,
                             {.errors = {},
                              .hash = "$argon2id$new",
                              .has_two_factor = true,
                              .sign_in_link = "https://x/",
                              .origin = familiar_origin()},
                             secrets(30), sessions, t0);
  ASSERT_TRUE(std::holds_alternative<signed_in>(step.outcome));
  EXPECT_EQ(state_after(step.outcome), sign_in_state::signed_in);
  EXPECT_EQ(step.changes.sessions.opened.size(), 1U);
  EXPECT_EQ(step.changes.sessions.users_signed_out, (std::vector<row_id>{account.id})) << "every other session ends";
  EXPECT_EQ(events_of(step.changes), (std::vector<std::string>{"password.changed", "sign_in.succeeded"}));
}

TEST(sign_in_flow, the_fifth_wrong_code_locks_and_ends_the_flow) {
  const auto account = agent();
  const auto started = submit_password(from_browser,
                                       right_password(account, two_factor_method::app), secrets(), sessions, t0);
  const auto flow = std::get<flow_waiting>(started.outcome).flow;
  const auto fourth = reject_code(flow, account, typed_code(), max_code_failures - 1, familiar_origin(), t0);
  EXPECT_FALSE(fourth.lock.has_value()) << "the 4th wrong code only warns";
  const auto wrong = reject_code(flow, account, typed_code(), max_code_failures, familiar_origin(), t0);
  EXPECT_EQ(std::get<code_rejected>(wrong.rejected.outcome).attempts_left, 0);
  EXPECT_EQ(events_of(wrong.rejected.changes), (std::vector<std::string>{"second_step.failed"}));
  ASSERT_TRUE(wrong.lock.has_value()) << "the lockout's rule says the 5th locks";

  const auto& locked = *wrong.lock;
  EXPECT_EQ(state_after(locked.outcome), sign_in_state::locked);
  ASSERT_EQ(locked.changes.guards.size(), 1U);
  EXPECT_TRUE(std::holds_alternative<account_lock>(locked.changes.guards[0])) << "only while the failures still stand";
  EXPECT_EQ(locked.changes.sign_in_flows.ended, (std::vector<session_token_hash>{flow.id}));
  EXPECT_EQ(locked.changes.mail.size(), 1U);
  EXPECT_EQ(events_of(locked.changes), (std::vector<std::string>{"account.locked"}));
}

TEST(sign_in_flow, a_lock_taken_first_by_a_right_code_is_a_plain_rejection_and_an_unclaimed_attempt_meets_the_lock) {
  auto now_account = agent();
  now_account.lockout = {.failures = 1, .locked_at = std::nullopt, .locked_until = std::nullopt};
  const auto rejected = lock_not_taken(now_account, t0);
  ASSERT_TRUE(std::holds_alternative<code_rejected>(rejected));
  EXPECT_EQ(std::get<code_rejected>(rejected).attempts_left, max_code_failures - 1) << "what the account has left now";
  EXPECT_FALSE(std::get<code_rejected>(rejected).warn);
  EXPECT_EQ(std::get<code_rejected>(lock_not_taken(std::nullopt, t0)).attempts_left, 0) << "the account is gone";

  // No attempt left to claim: the lock the account holds now, or the one
  // its company's rule sets when a parallel request is still taking it.
  auto account = agent();
  account.company_lock = {.duration = std::chrono::minutes{15}};
  const auto flow = waiting_flow(account);
  auto locked_now = account;
  locked_now.lockout = {.failures = max_code_failures, .locked_at = t0, .locked_until = t0 + std::chrono::minutes{5}};
  const auto held = refuse_unclaimed(flow, account, locked_now, typed_code(), t0);
  EXPECT_EQ(std::get<account_locked>(held.outcome).remaining, std::chrono::minutes{5});
  EXPECT_EQ(events_of(held.changes), (std::vector<std::string>{"second_step.locked"}));
  const auto taking = refuse_unclaimed(flow, account, account, typed_code(), t0);
  EXPECT_EQ(std::get<account_locked>(taking.outcome).remaining, std::chrono::minutes{15});
  EXPECT_EQ(state_after(taking.outcome), sign_in_state::locked);
}

TEST(sign_in_flow, cancel_ends_the_waiting_flow_and_leads_back_to_password) {
  const auto account = agent();
  const auto flow = waiting_flow(account);
  const auto cancelled = cancel(flow, account, browser, t0);
  ASSERT_TRUE(std::holds_alternative<flow_gone>(cancelled.outcome));
  EXPECT_EQ(state_after(cancelled.outcome, sign_in_state::second_factor), sign_in_state::password);
  EXPECT_EQ(cancelled.changes.sign_in_flows.ended, (std::vector<session_token_hash>{flow.id}));
  EXPECT_TRUE(cancelled.changes.sessions.opened.empty());
  EXPECT_TRUE(cancelled.changes.lockout.resets.empty()) << "a cancel forgives no wrong code";
  EXPECT_EQ(events_of(cancelled.changes), (std::vector<std::string>{"second_step.cancelled"}));

  auto binding = flow;
  binding.state = sign_in_state::bind;
  binding.user_id = std::nullopt;
  binding.external = external_account{.provider = "google", .provider_name = "Google", .issuer = "https://accounts.google.com",
                                      .subject = "ann", .email = "ann@acme.example", .name = "Ann"};
  const auto unbound = cancel_bind(binding, browser, t0);
  EXPECT_EQ(state_after(unbound.outcome, sign_in_state::bind), sign_in_state::password);
  EXPECT_EQ(unbound.changes.sign_in_flows.ended, (std::vector<session_token_hash>{binding.id}));
  EXPECT_TRUE(unbound.changes.sso.linked.empty()) << "nothing linked";
  EXPECT_EQ(events_of(unbound.changes), (std::vector<std::string>{"second_step.cancelled"}));
}

TEST(sign_in_flow, a_flow_that_expired_is_back_at_password_and_one_its_account_outgrew_does_not_fit) {
  auto account = agent();
  auto flow = waiting_flow(account);
  EXPECT_EQ(state_at(flow, t0), sign_in_state::second_factor);
  EXPECT_EQ(state_at(flow, t0 + sign_in_flow_lifetime - std::chrono::seconds{1}), sign_in_state::second_factor);
  EXPECT_EQ(state_at(flow, t0 + sign_in_flow_lifetime), sign_in_state::password) << "10 minutes: start again";
  flow.state = sign_in_state::bind;
  EXPECT_EQ(state_at(flow, t0 + sign_in_flow_lifetime), sign_in_state::password);
  flow.state = sign_in_state::new_password;
  EXPECT_EQ(state_at(flow, t0 + sign_in_flow_lifetime), sign_in_state::password);

  const auto asking = waiting_flow(account, two_factor_method::email);
  EXPECT_EQ(state_for(asking, account, t0), sign_in_state::second_factor);
  auto locked = account;
  locked.lockout = {.failures = max_code_failures, .locked_at = t0, .locked_until = std::nullopt};
  EXPECT_EQ(state_for(asking, locked, t0), sign_in_state::locked) << "no code page once wrong codes locked the account";
  EXPECT_EQ(state_for(asking, locked, t0 + sign_in_flow_lifetime), sign_in_state::password);
  EXPECT_TRUE(still_fits(asking, account, two_factor_method::email));
  EXPECT_FALSE(still_fits(asking, account, std::nullopt)) << "2FA turned off since the password";
  EXPECT_FALSE(still_fits(asking, account, two_factor_method::app)) << "the method changed";
  account.disabled = true;
  EXPECT_FALSE(still_fits(asking, account, two_factor_method::email)) << "disabled since";
  account.disabled = false;
  EXPECT_FALSE(still_fits(flow, account, std::nullopt)) << "new_password without a temporary password any more";
  account.must_change_password = true;
  EXPECT_TRUE(still_fits(flow, account, std::nullopt));
}

TEST(sign_in_flow, a_locked_account_answers_its_right_password_as_a_wrong_one_and_no_code_is_looked_at) {
  auto account = agent();
  account.lockout = {.failures = max_code_failures, .locked_at = t0, .locked_until = t0 + std::chrono::minutes{5}};
  const auto step = submit_password(from_browser,
                                    right_password(account, two_factor_method::app), secrets(), sessions, t0);
  auto wrong = right_password(account, two_factor_method::app);
  wrong.check = password_check::wrong;
  const auto wrong_step = submit_password(from_browser, wrong, secrets(), sessions, t0);
  ASSERT_TRUE(std::holds_alternative<sign_in_denied>(step.outcome));
  EXPECT_EQ(state_after(step.outcome), state_after(wrong_step.outcome));
  EXPECT_EQ(std::get<sign_in_denied>(step.outcome).reason, denial_reason::locked);
  EXPECT_TRUE(step.changes.sign_in_flows.put.empty());
  EXPECT_TRUE(step.changes.sessions.ended.empty());
  EXPECT_EQ(events_of(step.changes), (std::vector<std::string>{"sign_in.locked"}));

  const auto flow = waiting_flow(account);
  const auto refused = precheck_code(flow, account, typed_code(), t0);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(state_after(refused->outcome), sign_in_state::locked);
  EXPECT_EQ(events_of(refused->changes), (std::vector<std::string>{"second_step.locked"}));
}

TEST(sign_in_flow, denies_every_reason_with_one_outcome_and_names_the_reason_for_the_audit_trail) {
  const auto account = agent();
  auto disabled = account;
  disabled.disabled = true;
  auto unknown_company = right_password(account, std::nullopt);
  unknown_company.company_id.reset();
  unknown_company.user_id.reset();
  unknown_company.account.reset();
  unknown_company.check = password_check::wrong;
  auto unknown_account = unknown_company;
  unknown_account.company_id = account.company_id;
  auto wrong = right_password(account, std::nullopt);
  wrong.check = password_check::wrong;
  const struct {
    password_facts facts;
    denial_reason reason;
  } cases[] = {{unknown_company, denial_reason::unknown_company},
               {unknown_account, denial_reason::unknown_account},
               {wrong, denial_reason::wrong_password},
               {right_password(disabled, std::nullopt), denial_reason::disabled}};
  for (const auto& c : cases) {
    const auto step = submit_password(from_browser, c.facts, secrets(), sessions, t0);
    ASSERT_TRUE(std::holds_alternative<sign_in_denied>(step.outcome));
    EXPECT_EQ(std::get<sign_in_denied>(step.outcome).reason, c.reason);
    EXPECT_EQ(state_after(step.outcome), sign_in_state::password);
    ASSERT_EQ(step.changes.audit_events.size(), 1U);
    EXPECT_EQ(step.changes.audit_events[0].detail_json, R"({"reason":")" + std::string(reason_code(c.reason)) + R"("})");
    EXPECT_TRUE(step.changes.sessions.opened.empty());
  }
}

TEST(sign_in_flow, without_two_factor_the_password_signs_in_or_requires_the_setup) {
  auto account = agent();
  auto step = submit_password({.client = browser,
                               .previous_session = token(9).hash,
                               .language = std::nullopt,
                               .bind_flow = std::nullopt,
                               .external = std::nullopt}, right_password(account, std::nullopt),
                              secrets(), sessions, t0);
  EXPECT_EQ(state_after(step.outcome), sign_in_state::signed_in);
  EXPECT_EQ(step.changes.sessions.ended, (std::vector<session_token_hash>{token(9).hash})) << "rotation";

  account.company_two_factor.require_two_factor = true;
  step = submit_password(from_browser, right_password(account, std::nullopt),
                         secrets(), sessions, t0);
  EXPECT_EQ(state_after(step.outcome), sign_in_state::setup_required);
  EXPECT_EQ(step.changes.audit_events.back().detail_json, R"({"password_rehashed":false,"two_factor_setup_required":true})");

  step = submit_password(from_browser,
                         right_password(account, two_factor_method::app), secrets(), sessions, t0);
  EXPECT_EQ(state_after(step.outcome), sign_in_state::second_factor) << "2FA on: the code, never the setup";
}

TEST(sign_in_flow, the_language_chosen_at_the_sign_in_page_is_the_sessions_through_every_step) {
  const auto account = agent();
  auto in_chinese = from_browser;
  in_chinese.language = i18n::language::zh_cn;
  auto step = submit_password(in_chinese, right_password(account, std::nullopt), secrets(), sessions, t0);
  ASSERT_EQ(step.changes.sessions.opened.size(), 1U);
  EXPECT_EQ(step.changes.sessions.opened[0].language, "zh-CN");
  EXPECT_EQ(std::get<signed_in>(step.outcome).account.language, i18n::language::zh_cn);

  step = submit_password(in_chinese, right_password(account, two_factor_method::app), secrets(), sessions, t0);
  const auto flow = std::get<flow_waiting>(step.outcome).flow;
  EXPECT_EQ(to_record(flow).language, "zh-CN") << "the flow carries it";
  step = submit_code(flow, account, typed_code(), 1, totp_step_use{.user_id = account.id, .step = 1}, familiar_origin(), secrets(), sessions, t0);
  ASSERT_EQ(step.changes.sessions.opened.size(), 1U);
  EXPECT_EQ(step.changes.sessions.opened[0].language, "zh-CN");

  step = submit_password(from_browser, right_password(account, std::nullopt), secrets(), sessions, t0);
  EXPECT_FALSE(step.changes.sessions.opened[0].language) << "none chosen: the user's";
  EXPECT_EQ(std::get<signed_in>(step.outcome).account.language, i18n::language::en);
}

TEST(sign_in_flow, a_trusted_browser_stands_in_for_the_code) {
  const auto account = agent();
  auto facts = right_password(account, two_factor_method::app);
  facts.trusted_browser = 42;
  EXPECT_FALSE(second_factor_needed(account, facts.method, facts.origin, true));
  const auto step = submit_password(from_browser, facts, secrets(), sessions, t0);
  ASSERT_TRUE(std::holds_alternative<signed_in>(step.outcome));
  EXPECT_TRUE(std::get<signed_in>(step.outcome).second_step_skipped);
  EXPECT_EQ(events_of(step.changes), (std::vector<std::string>{"second_step.skipped", "sign_in.succeeded"}));
  EXPECT_EQ(step.changes.lockout.resets, (std::vector<row_id>{account.id})) << "a success, like a right code";
}

// ── Where the sign-in comes from ────────────────────────────────────────────

struct rule_row {
  second_factor_rules rules;
  // Whether the code is asked for: known device and place, a new device, a
  // new place, both new.
  std::array<bool, 4> asked;
};

TEST(sign_in_flow, each_combination_of_rules_asks_for_the_code_exactly_when_the_device_or_place_calls_for_it) {
  const std::vector<rule_row> table{
      {{.every_sign_in = true, .new_device = false, .new_location = false}, {true, true, true, true}},
      {{.every_sign_in = false, .new_device = true, .new_location = false}, {false, true, false, true}},
      {{.every_sign_in = false, .new_device = false, .new_location = true}, {false, false, true, true}},
      {{.every_sign_in = false, .new_device = true, .new_location = true}, {false, true, true, true}},
      {{.every_sign_in = true, .new_device = true, .new_location = false}, {true, true, true, true}},
      {{.every_sign_in = true, .new_device = false, .new_location = true}, {true, true, true, true}},
      {{.every_sign_in = true, .new_device = true, .new_location = true}, {true, true, true, true}},
  };
  for (const auto& row : table) {
    auto account = agent();
    account.company_two_factor.ask = row.rules;
    for (std::size_t which = 0; which < 4; ++which) {
      const bool known_device = which % 2 == 0;
      const bool known_place = which < 2;
      auto facts = right_password(account, two_factor_method::app);
      facts.origin = origin_of_browser(known_device, known_place);
      const auto step = submit_password(from_browser, facts, secrets(), sessions, t0);
      const bool asked = std::holds_alternative<flow_waiting>(step.outcome);
      EXPECT_EQ(asked, row.asked[which]) << "every_sign_in=" << row.rules.every_sign_in
                                         << " new_device=" << row.rules.new_device
                                         << " new_location=" << row.rules.new_location
                                         << " known device=" << known_device << " known place=" << known_place;
      if (!asked) {
        EXPECT_TRUE(std::holds_alternative<signed_in>(step.outcome));
      }
    }
  }
}

TEST(sign_in_flow, a_trusted_browser_skips_every_sign_in_and_new_device_but_never_a_new_place) {
  auto account = agent();
  account.company_two_factor.ask = {.every_sign_in = true, .new_device = true, .new_location = true};
  auto facts = right_password(account, two_factor_method::app);
  facts.trusted_browser = 42;
  facts.origin = origin_of_browser(false, true);
  EXPECT_TRUE(std::holds_alternative<signed_in>(submit_password(from_browser, facts, secrets(), sessions, t0).outcome));
  facts.origin = origin_of_browser(true, false);
  EXPECT_TRUE(std::holds_alternative<flow_waiting>(submit_password(from_browser, facts, secrets(), sessions, t0).outcome));
}

TEST(sign_in_flow, an_account_without_two_factor_signs_in_with_the_password_whatever_the_rules) {
  auto account = agent();
  account.company_two_factor.ask = {.every_sign_in = true, .new_device = true, .new_location = true};
  auto facts = right_password(account, std::nullopt);
  facts.origin = origin_of_browser(false, false);
  EXPECT_TRUE(std::holds_alternative<signed_in>(submit_password(from_browser, facts, secrets(), sessions, t0).outcome));
}

TEST(sign_in_flow, a_blocked_device_or_place_is_refused_like_a_wrong_password_and_the_person_is_mailed) {
  const auto account = agent();
  for (const bool device : {true, false}) {
    auto facts = right_password(account, two_factor_method::app);
    facts.origin = familiar_origin();
    if (device) {
      facts.origin.known.device->blocked_at = t0 - std::chrono::hours{1};
    } else {
      facts.origin.known.location->blocked_at = t0 - std::chrono::hours{1};
    }
    const auto step = submit_password(from_browser, facts, secrets(), sessions, t0);
    ASSERT_TRUE(std::holds_alternative<sign_in_denied>(step.outcome));
    EXPECT_EQ(std::get<sign_in_denied>(step.outcome).reason,
              device ? denial_reason::blocked_device : denial_reason::blocked_location);
    EXPECT_EQ(state_after(step.outcome), sign_in_state::password) << "the answer of a wrong password";
    EXPECT_EQ(events_of(step.changes), (std::vector<std::string>{"sign_in.blocked"}));
    ASSERT_EQ(step.changes.mail.size(), 1U);
    EXPECT_EQ(step.changes.mail[0].recipient, account.email);
    EXPECT_NE(step.changes.mail[0].text_body.find("198.51.100.4"), std::string::npos) << "it says from where";
    EXPECT_NE(step.changes.mail[0].text_body.find("/profile/#security"), std::string::npos) << "and what to do";
    EXPECT_TRUE(step.changes.sessions.opened.empty());
    EXPECT_TRUE(step.changes.sign_in_flows.put.empty()) << "no code is asked for";
  }
}

TEST(sign_in_flow, a_wrong_password_from_a_blocked_device_is_only_a_wrong_password) {
  const auto account = agent();
  auto facts = right_password(account, two_factor_method::app);
  facts.check = password_check::wrong;
  facts.origin.known.device->blocked_at = t0;
  const auto step = submit_password(from_browser, facts, secrets(), sessions, t0);
  ASSERT_TRUE(std::holds_alternative<sign_in_denied>(step.outcome));
  EXPECT_EQ(std::get<sign_in_denied>(step.outcome).reason, denial_reason::wrong_password);
  EXPECT_TRUE(step.changes.mail.empty()) << "nobody knows the password: nothing to tell";
}

TEST(sign_in_flow, a_new_device_and_place_are_recorded_and_told_unless_it_is_the_accounts_first_sign_in) {
  const auto account = agent();
  auto facts = right_password(account, std::nullopt);
  auto device_cookie = token(40).hash;
  auto client = browser;
  client.device = device_cookie;
  facts.origin = origin_of_browser(false, false);
  facts.origin.origin.client = client;
  auto step = submit_password({.client = client, .previous_session = std::nullopt, .language = std::nullopt,
                               .bind_flow = std::nullopt, .external = std::nullopt},
                              facts, secrets(), sessions, t0);
  ASSERT_TRUE(std::holds_alternative<signed_in>(step.outcome));
  EXPECT_EQ(events_of(step.changes), (std::vector<std::string>{"device.new", "location.new", "sign_in.succeeded"}));
  ASSERT_EQ(step.changes.origins.seen.size(), 1U);
  EXPECT_EQ(step.changes.origins.seen[0].device_hash, device_cookie);
  EXPECT_EQ(step.changes.origins.seen[0].place.key, "FR/Paris");
  ASSERT_EQ(step.changes.sessions.opened.size(), 1U);
  EXPECT_EQ(step.changes.sessions.opened[0].device_hash, device_cookie) << "the session names its device";
  EXPECT_EQ(step.changes.sessions.opened[0].place_key, "FR/Paris") << "and its place";
  ASSERT_EQ(step.changes.mail.size(), 1U) << "one notice for both";
  const auto& notice = step.changes.mail[0].text_body;
  for (const auto* said : {"Firefox", "Ubuntu", "Paris", "France", "198.51.100.4", "/profile/#security"}) {
    EXPECT_NE(notice.find(said), std::string::npos) << said;
  }

  facts.origin = origin_of_browser(false, false, /*history=*/false);
  facts.origin.origin.client = client;
  step = submit_password(from_browser, facts, secrets(), sessions, t0);
  EXPECT_EQ(events_of(step.changes), (std::vector<std::string>{"device.new", "location.new", "sign_in.succeeded"}));
  EXPECT_TRUE(step.changes.mail.empty()) << "an account's first device is no news to its owner";

  facts.origin = familiar_origin();
  step = submit_password(from_browser, facts, secrets(), sessions, t0);
  EXPECT_EQ(events_of(step.changes), (std::vector<std::string>{"sign_in.succeeded"}));
  EXPECT_TRUE(step.changes.mail.empty());
}

TEST(sign_in_flow, a_right_password_then_a_wrong_code_tells_the_person_once_per_row_of_wrong_codes) {
  const auto account = agent();
  const auto flow = waiting_flow(account);
  for (int attempt = 1; attempt <= 3; ++attempt) {
    const auto step = submit_code(flow, account, typed_code(), attempt, std::nullopt, familiar_origin(), secrets(), sessions, t0);
    EXPECT_EQ(step.changes.mail.size(), attempt == 1 ? 1U : 0U) << "attempt " << attempt;
    if (attempt == 1) {
      EXPECT_EQ(events_of(step.changes), (std::vector<std::string>{"second_step.failed", "notice.password_known"}));
      EXPECT_NE(step.changes.mail[0].text_body.find("198.51.100.4"), std::string::npos);
    }
  }
}

TEST(sign_in_flow, remember_is_refused_before_any_code_under_a_policy_that_asks_every_time) {
  const auto account = agent();
  const auto flow = waiting_flow(account);
  const auto refused = precheck_code(flow, account, typed_code(true), t0);
  ASSERT_TRUE(refused.has_value());
  EXPECT_TRUE(std::holds_alternative<remember_not_allowed>(refused->outcome));
  EXPECT_FALSE(precheck_code(flow, account, typed_code(false), t0).has_value());
}

TEST(sign_in_flow, a_right_code_with_remember_trusts_the_browser_unless_it_was_an_administrators_code) {
  auto account = agent();
  account.company_two_factor.trusted_browser_days = 30;
  const auto flow = waiting_flow(account);
  auto step = submit_code(flow, account, typed_code(true), 1, totp_step_use{.user_id = account.id, .step = 5}, familiar_origin(), secrets(),
                          sessions, t0);
  ASSERT_TRUE(std::holds_alternative<signed_in>(step.outcome));
  ASSERT_TRUE(std::get<signed_in>(step.outcome).trusted_browser.has_value());
  EXPECT_EQ(std::get<signed_in>(step.outcome).trusted_browser->lifetime, std::chrono::days{30});
  EXPECT_EQ(step.changes.trust.added.size(), 1U);

  step = submit_code(flow, account, {.client = browser, .kind = "backup_code", .remember = true}, 1,
                     admin_code_use{.user_id = account.id, .hash = {}, .now = t0}, familiar_origin(), secrets(), sessions, t0);
  ASSERT_TRUE(std::holds_alternative<signed_in>(step.outcome));
  EXPECT_FALSE(std::get<signed_in>(step.outcome).trusted_browser.has_value());
  EXPECT_TRUE(step.changes.trust.added.empty());
  EXPECT_EQ(events_of(step.changes), (std::vector<std::string>{"second_step.succeeded", "admin_code.used"}));
}

TEST(sign_in_flow, a_resend_waits_its_60_seconds_and_an_app_has_nothing_to_resend) {
  const auto account = agent();
  auto flow = waiting_flow(account, two_factor_method::email);
  flow.last_sent_at = t0;
  auto step = resend_code(flow, account, std::nullopt, browser, secrets(), {}, t0 + std::chrono::seconds{59});
  ASSERT_TRUE(std::holds_alternative<resend_too_soon>(step.outcome));
  EXPECT_EQ(std::get<resend_too_soon>(step.outcome).wait, std::chrono::seconds{1});
  flow.method = two_factor_method::app;
  step = resend_code(flow, account, std::nullopt, browser, secrets(), {}, t0 + std::chrono::seconds{60});
  EXPECT_TRUE(std::holds_alternative<nothing_to_resend>(step.outcome));
}

TEST(sign_in_flow, ten_codes_an_hour_per_account_then_no_new_sign_in_waits_and_no_resend) {
  const auto account = agent();
  auto facts = right_password(account, two_factor_method::email);
  facts.code_sends = {.count = max_code_sends_per_hour - 1, .oldest = t0 - std::chrono::minutes{50}};
  const auto under = submit_password(from_browser, facts, secrets(), sessions, t0);
  ASSERT_TRUE(std::holds_alternative<flow_waiting>(under.outcome));
  ASSERT_EQ(under.changes.guards.size(), 1U);
  EXPECT_TRUE(std::holds_alternative<code_send>(under.changes.guards[0])) << "counted where every server sees it";

  facts.code_sends.count = max_code_sends_per_hour;
  const auto capped = submit_password(from_browser, facts, secrets(), sessions, t0);
  ASSERT_TRUE(std::holds_alternative<sign_in_throttled>(capped.outcome));
  EXPECT_EQ(std::get<sign_in_throttled>(capped.outcome).retry_after, std::chrono::minutes{10})
      << "until the oldest send is an hour old";
  EXPECT_TRUE(capped.changes.mail.empty());
  EXPECT_TRUE(capped.changes.sign_in_flows.put.empty());

  auto wrong = facts;
  wrong.check = password_check::wrong;
  EXPECT_TRUE(std::holds_alternative<sign_in_denied>(submit_password(from_browser, wrong, secrets(), sessions, t0).outcome))
      << "a wrong password never reaches the limit";

  auto flow = waiting_flow(account, two_factor_method::email);
  flow.last_sent_at = t0 - std::chrono::minutes{5};
  const auto resend = resend_code(flow, account, std::nullopt, browser, secrets(), facts.code_sends, t0);
  ASSERT_TRUE(std::holds_alternative<resend_too_soon>(resend.outcome));
  EXPECT_EQ(std::get<resend_too_soon>(resend.outcome).wait, std::chrono::minutes{10});
  EXPECT_TRUE(resend.changes.mail.empty());
}

TEST(sign_in_flow, stored_flows_come_back_as_they_went_and_unknown_states_are_none) {
  const sign_in_flow flow{.id = token(4).hash,
                          .state = sign_in_state::second_factor,
                          .user_id = 7,
                          .company_id = 3,
                          .method = two_factor_method::email,
                          .sent_code = secrets().sent_code_hash,
                          .last_sent_at = t0,
                          .created_at = t0,
                          .expires_at = t0 + sign_in_flow_lifetime,
                          .started_by = browser,
                          .language = i18n::language::zh_cn,
                          .external = std::nullopt};
  const auto again = to_flow(to_record(flow));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(to_record(*again).state, "second_factor");
  EXPECT_EQ(again->method, two_factor_method::email);
  EXPECT_EQ(again->sent_code, flow.sent_code);
  EXPECT_EQ(again->language, i18n::language::zh_cn);

  auto record = to_record(flow);
  record.state = "sideways";
  EXPECT_FALSE(to_flow(record).has_value());
  record.state = "second_factor";
  record.method = "fax";
  EXPECT_FALSE(to_flow(record).has_value());
}

}  // namespace
}  // namespace twofold::server::testing
