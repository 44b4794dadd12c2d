// The password reset flow's pure steps (flows/password_reset.hpp) without a
// database: a link for an account that may have one, the same audit either
// way, and a new password that ends everything the old one opened.
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

TEST(password_reset_flow, walks_requested_link_sent_new_password_done) {
  const auto account = person();
  const auto requested = request_reset({.company_id = 3, .user_id = 7, .account = account}, link_token(),
                                       "https://twofold.example/reset/#token", browser, t0);
  ASSERT_EQ(requested.passwords.tokens_put.size(), 1U);
  const auto& token = requested.passwords.tokens_put[0];
  EXPECT_EQ(token.expires_at, t0 + forgot_password_link_lifetime);
  EXPECT_EQ(requested.passwords.tokens_ended_for, (std::vector<row_id>{7})) << "a newer link replaces older ones";
  ASSERT_EQ(requested.mail.size(), 1U);
  EXPECT_NE(requested.mail[0].text_body.find("https://twofold.example/reset/#token"), std::string::npos);
  EXPECT_EQ(requested.audit_events[0].detail_json, R"({"sent":true})");

  const auto link = reset_link_of(token, t0 + std::chrono::minutes{29});
  ASSERT_TRUE(link.has_value());
  EXPECT_FALSE(reset_link_of(token, t0 + forgot_password_link_lifetime).has_value()) << "expired";

  const auto done = reset_password(*link, account, {.errors = {}, .hash = "$argon2id$new", .sign_in_link = "https://x/"},
                                   browser, t0);
  ASSERT_TRUE(std::holds_alternative<password_reset_done>(done.outcome));
  ASSERT_EQ(done.changes.guards.size(), 1U);
  EXPECT_TRUE(std::holds_alternative<password_token_use>(done.changes.guards[0])) << "the link works once";
  EXPECT_EQ(done.changes.sessions.users_signed_out, (std::vector<row_id>{7}));
  EXPECT_TRUE(done.changes.sessions.opened.empty()) << "nobody is signed in";
  EXPECT_EQ(done.changes.trust.ended.size(), 1U);
  EXPECT_EQ(done.changes.mail.size(), 1U);
}

TEST(password_reset_flow, an_unknown_or_disabled_account_gets_the_same_audit_and_nothing_else) {
  const auto nothing = request_reset({.company_id = 3, .user_id = std::nullopt, .account = std::nullopt}, link_token(),
                                     "https://twofold.example/reset/#token", browser, t0);
  EXPECT_TRUE(nothing.passwords.tokens_put.empty());
  EXPECT_TRUE(nothing.mail.empty());
  ASSERT_EQ(nothing.audit_events.size(), 1U);
  EXPECT_EQ(nothing.audit_events[0].event, "password_reset.requested");
  EXPECT_EQ(nothing.audit_events[0].detail_json, R"({"sent":false})");
}

TEST(password_reset_flow, a_request_is_queued_alone_and_resolved_once) {
  const auto queued = enqueue_reset_request({.company = "Acme Corp", .account = "bob", .kind = account_kind::username},
                                            browser, t0);
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
  EXPECT_EQ(resolved.mail.size(), 1U);
  EXPECT_EQ(resolved.audit_events[0].ip, browser.ip) << "who asked, not the worker";
  ASSERT_EQ(resolved.guards.size(), 1U);
  const auto* finish = std::get_if<reset_request_finish>(&resolved.guards[0]);
  ASSERT_NE(finish, nullptr);
  EXPECT_EQ(finish->id, 4);
  EXPECT_EQ(finish->leased_until, request.leased_until) << "only while still leased to this worker";
}

TEST(password_reset_flow, an_invalid_new_password_keeps_the_link) {
  const auto step = reset_password({.id = link_token().hash, .user_id = 7}, person(),
                                   {.errors = {{.field = "password", .code = "too_short", .message_key = "validation.too_short"}},
                                    .hash = {},
                                    .sign_in_link = {}},
                                   browser, t0);
  EXPECT_TRUE(std::holds_alternative<field_errors>(step.outcome));
  EXPECT_TRUE(step.changes.guards.empty());
  EXPECT_TRUE(step.changes.passwords.hashes.empty());
}

}  // namespace
}  // namespace twofold::server::testing
