// The password reset flow (flows/password_reset.hpp) walked without a
// database: the flow value through each state, a link for an account that
// may have one, the same audit either way, and a new password that ends
// everything the old one opened. The first test walks every transition.
#include <gtest/gtest.h>

#include "auth/password_token.hpp"
#include "flows/password_reset.hpp"
#include "support/flow_values.hpp"
#include "support/test_accounts.hpp"

namespace twofold::server::testing {
namespace {

const client_info& browser = flow_browser;
const timestamp t0 = test_epoch;

user person() { return bob_the_agent(); }

session_token link_token() {
  session_token made{.cookie_value = std::string(43, 'r'), .hash = {}};
  made.hash.fill(5);
  return made;
}

std::vector<std::string> events_of(const change_set& changes) {
  std::vector<std::string> names;
  for (const auto& event : changes.audit_events) names.push_back(event.event);
  return names;
}

const new_password valid_password{.errors = {}, .hash = "$argon2id$new", .sign_in_link = "https://x/"};
const new_password too_short{.errors = {{.field = "password", .code = "too_short", .message_key = "validation.too_short"}},
                             .hash = {},
                             .sign_in_link = {}};

// Every transition, one after the other:
//   requested -> link_sent -> (invalid new password) link_sent -> done
// then what the same link is after: used (consumed), and expired at its token's expiry.
TEST(password_reset_flow, walks_requested_link_sent_refused_password_done_then_used_and_expired) {
  const auto account = person();

  // (none) -> requested: the one queued write
  const auto queued = enqueue_reset_request({.company = "Acme Corp", .account = "bob", .kind = account_kind::username},
                                            browser, t0);
  EXPECT_EQ(queued.flow.state, reset_state::requested);
  EXPECT_FALSE(accepts_new_password(queued.flow));
  ASSERT_EQ(queued.changes.reset_requests.size(), 1U);

  // requested -> link_sent: a token, its mail; the expiry is the token's
  const auto requested = request_reset(queued.flow, {.company_id = 3, .user_id = 7, .account = account}, link_token(),
                                       "https://twofold.example/reset/#token", browser, t0);
  EXPECT_EQ(requested.flow.state, reset_state::link_sent);
  ASSERT_EQ(requested.changes.passwords.tokens_put.size(), 1U);
  const auto& token = requested.changes.passwords.tokens_put[0];
  EXPECT_EQ(token.expires_at, t0 + forgot_password_link_lifetime);
  EXPECT_EQ(requested.flow.expires_at, token.expires_at);
  ASSERT_TRUE(requested.flow.link.has_value());
  EXPECT_EQ(requested.flow.link->user_id, 7);
  EXPECT_TRUE(accepts_new_password(requested.flow));
  EXPECT_EQ(requested.changes.passwords.tokens_ended_for, (std::vector<row_id>{7})) << "a newer link replaces older ones";
  ASSERT_EQ(requested.changes.mail.size(), 1U);
  EXPECT_NE(requested.changes.mail[0].text_body.find("https://twofold.example/reset/#token"), std::string::npos);
  EXPECT_EQ(requested.changes.audit_events[0].detail_json, R"({"sent":true})");
  EXPECT_TRUE(request_reset(requested.flow, {.company_id = 3, .user_id = 7, .account = account}, link_token(), "x",
                            browser, t0).changes.mail.empty())
      << "only a request is resolved";

  // The link, as storage gives it back: link_sent until the token's expiry.
  const auto opened = reset_flow_of(token, t0 + std::chrono::minutes{29});
  EXPECT_EQ(opened.state, reset_state::link_sent);

  // link_sent -> link_sent: an invalid new password keeps the link
  const auto refused = reset_password(opened, account, too_short, browser, t0);
  EXPECT_EQ(refused.flow.state, reset_state::link_sent);
  EXPECT_TRUE(std::holds_alternative<field_errors>(refused.outcome));
  EXPECT_TRUE(refused.changes.guards.empty());
  EXPECT_TRUE(refused.changes.passwords.hashes.empty());

  // link_sent -> done: every session ends, nobody is signed in, the link works once
  const auto done = reset_password(refused.flow, account, valid_password, browser, t0);
  EXPECT_EQ(done.flow.state, reset_state::done);
  EXPECT_FALSE(accepts_new_password(done.flow));
  ASSERT_TRUE(std::holds_alternative<password_reset_done>(done.outcome));
  ASSERT_EQ(done.changes.guards.size(), 1U);
  EXPECT_TRUE(std::holds_alternative<password_token_use>(done.changes.guards[0])) << "the link works once";
  EXPECT_EQ(done.changes.sessions.users_signed_out, (std::vector<row_id>{7}));
  EXPECT_TRUE(done.changes.sessions.opened.empty()) << "nobody is signed in";
  EXPECT_EQ(done.changes.trust.ended.size(), 1U);
  EXPECT_EQ(done.changes.mail.size(), 1U);
  EXPECT_EQ(events_of(done.changes), (std::vector<std::string>{"password.changed"}));
  EXPECT_TRUE(std::holds_alternative<reset_link_invalid>(reset_password(done.flow, account, valid_password, browser, t0).outcome))
      << "done accepts nothing more";

  // link_sent -> used: the token is gone once used (or replaced), or its guard lost a race
  const auto gone = reset_flow_of(std::nullopt, t0);
  EXPECT_EQ(gone.state, reset_state::used);
  EXPECT_TRUE(std::holds_alternative<reset_link_invalid>(reset_password(gone, account, valid_password, browser, t0).outcome));
  const auto raced = link_used_first(done.flow);
  EXPECT_EQ(raced.flow.state, reset_state::used);
  EXPECT_TRUE(std::holds_alternative<reset_link_invalid>(raced.outcome));

  // link_sent -> expired: at the token's expiry, whatever the new password
  const auto expired = reset_flow_of(token, t0 + forgot_password_link_lifetime);
  EXPECT_EQ(expired.state, reset_state::expired);
  const auto late = reset_password(expired, account, valid_password, browser, t0 + forgot_password_link_lifetime);
  EXPECT_EQ(late.flow.state, reset_state::expired);
  EXPECT_TRUE(std::holds_alternative<reset_link_invalid>(late.outcome));
  EXPECT_TRUE(late.changes.guards.empty() && late.changes.passwords.hashes.empty());
}

TEST(password_reset_flow, an_administrators_link_expires_when_its_token_does) {
  auto token = reset_token_record(link_token().hash, 7, browser, t0, std::chrono::hours{24});
  EXPECT_EQ(reset_flow_of(token, t0 + std::chrono::hours{23}).state, reset_state::link_sent);
  EXPECT_EQ(reset_flow_of(token, t0 + std::chrono::hours{24}).state, reset_state::expired);
  token.purpose = "other";
  EXPECT_EQ(reset_flow_of(token, t0).state, reset_state::used) << "only a reset token is a reset link";
}

TEST(password_reset_flow, an_unknown_or_disabled_account_gets_the_same_audit_and_nothing_else) {
  const password_reset_flow queued{.state = reset_state::requested, .link = std::nullopt, .expires_at = {}};
  const auto nothing = request_reset(queued, {.company_id = 3, .user_id = std::nullopt, .account = std::nullopt},
                                     link_token(), "https://twofold.example/reset/#token", browser, t0);
  EXPECT_EQ(nothing.flow.state, reset_state::not_sent);
  EXPECT_FALSE(accepts_new_password(nothing.flow));
  EXPECT_TRUE(nothing.changes.passwords.tokens_put.empty());
  EXPECT_TRUE(nothing.changes.mail.empty());
  ASSERT_EQ(nothing.changes.audit_events.size(), 1U);
  EXPECT_EQ(nothing.changes.audit_events[0].event, "password_reset.requested");
  EXPECT_EQ(nothing.changes.audit_events[0].detail_json, R"({"sent":false})");
}

TEST(password_reset_flow, a_link_for_an_account_disabled_or_gone_since_sets_no_password) {
  const auto flow = reset_flow_of(reset_token_record(link_token().hash, 7, browser, t0, forgot_password_link_lifetime), t0);
  auto account = person();
  account.disabled = true;
  const auto disabled = reset_password(flow, account, valid_password, browser, t0);
  EXPECT_TRUE(std::holds_alternative<reset_link_invalid>(disabled.outcome));
  EXPECT_EQ(disabled.flow.state, reset_state::link_sent);
  EXPECT_TRUE(disabled.changes.passwords.hashes.empty());
  EXPECT_TRUE(std::holds_alternative<reset_link_invalid>(reset_password(flow, std::nullopt, valid_password, browser, t0).outcome));
}

TEST(password_reset_flow, a_request_is_queued_alone_and_resolved_once) {
  const auto queued = enqueue_reset_request({.company = "Acme Corp", .account = "bob", .kind = account_kind::username},
                                            browser, t0).changes;
  ASSERT_EQ(queued.reset_requests.size(), 1U);
  EXPECT_EQ(queued.reset_requests[0].account, "bob");
  EXPECT_EQ(queued.reset_requests[0].requested_at, t0);
  EXPECT_TRUE(queued.passwords.tokens_put.empty() && queued.mail.empty() && queued.audit_events.empty())
      << "nothing that depends on the account";

  const password_reset_request_record request{.id = 4,
                                              .company = "Acme Corp",
                                              .account = "bob",
                                              .by_email = false,
                                              .ip = browser.ip,
                                              .user_agent = browser.user_agent,
                                              .requested_at = t0,
                                              .leased_until = t0 + std::chrono::minutes{1}};
  const auto resolved = resolve_reset_request(request, {.company_id = 3, .user_id = 7, .account = person()},
                                              link_token(), "https://twofold.example/reset/#token", t0);
  EXPECT_EQ(resolved.flow.state, reset_state::link_sent);
  EXPECT_EQ(resolved.changes.mail.size(), 1U);
  EXPECT_EQ(resolved.changes.audit_events[0].ip, browser.ip) << "who asked, not the worker";
  ASSERT_EQ(resolved.changes.guards.size(), 1U);
  const auto* finish = std::get_if<reset_request_finish>(&resolved.changes.guards[0]);
  ASSERT_NE(finish, nullptr);
  EXPECT_EQ(finish->id, 4);
  EXPECT_EQ(finish->leased_until, request.leased_until) << "only while still leased to this worker";
}

TEST(password_reset_flow, names_every_state) {
  std::vector<std::string_view> names;
  for (const auto state : {reset_state::requested, reset_state::link_sent, reset_state::not_sent, reset_state::done,
                           reset_state::expired, reset_state::used}) {
    names.push_back(state_name(state));
  }
  EXPECT_EQ(names, (std::vector<std::string_view>{"requested", "link_sent", "not_sent", "done", "expired", "used"}));
}

}  // namespace
}  // namespace twofold::server::testing
