// The forgot-password worker (flows/password_reset_worker.hpp) resolving
// requests queued through the API: a token and its mail for an enabled
// account, the audit event alone otherwise, each request once.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "flows/password_reset_worker.hpp"
#include "storage/storage.hpp"
#include "support/app_harness.hpp"

namespace twofold::server::testing {
namespace {

using namespace std::chrono_literals;

class password_reset_worker_test : public ::testing::Test {
 protected:
  void forgot(std::string_view account) {
    ASSERT_EQ(h.post("/api/password/forgot", nlohmann::json{{"company", acme}, {"account", account}}.dump()).status,
              202U);
  }

  std::int64_t count(const std::string& sql) { return h.probe().integer(sql); }

  // The newest "password_reset.requested" event: its user and detail.
  std::string requested_user() {
    return h.probe().text("SELECT coalesce(user_id, 'none') FROM audit_events WHERE event = 'password_reset.requested'"
                          " ORDER BY id DESC LIMIT 1");
  }
  nlohmann::json requested_detail() {
    return nlohmann::json::parse(h.probe().text(
        "SELECT detail FROM audit_events WHERE event = 'password_reset.requested' ORDER BY id DESC LIMIT 1"));
  }

  std::string bob_id() { return h.probe().text("SELECT id FROM users WHERE username = 'bob'"); }

  std::vector<password_reset_request_record> claim() {
    const timestamp now = h.clock.now();
    return h.real_storage().claim_reset_requests(now, password_reset_worker::batch_size,
                                                 now + password_reset_worker::claim_lease,
                                                 now - password_reset_worker::stale_after);
  }

  app_harness h;
};

TEST_F(password_reset_worker_test, a_known_account_gets_a_token_and_its_mail) {
  forgot(bob.username);
  EXPECT_EQ(count("SELECT count(*) FROM password_tokens"), 0) << "not on the request path";
  EXPECT_EQ(h.resolve_reset_requests(), 1U);
  EXPECT_EQ(count("SELECT count(*) FROM password_tokens WHERE user_id = " + bob_id()), 1);
  EXPECT_EQ(count("SELECT count(*) FROM mail_outbox WHERE recipient = 'bob@acme.example'"), 1);
  EXPECT_EQ(requested_user(), bob_id());
  EXPECT_EQ(requested_detail()["sent"], true);
  EXPECT_EQ(count("SELECT count(*) FROM password_reset_requests"), 0) << "done, and forgotten";
  EXPECT_EQ(h.resolve_reset_requests(), 0U) << "once";
  EXPECT_EQ(count("SELECT count(*) FROM mail_outbox"), 1);
}

TEST_F(password_reset_worker_test, an_unknown_account_gets_the_audit_event_only) {
  forgot("nobody");
  EXPECT_EQ(h.resolve_reset_requests(), 1U);
  EXPECT_EQ(count("SELECT count(*) FROM password_tokens"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM mail_outbox"), 0);
  EXPECT_EQ(requested_user(), "none");
  EXPECT_EQ(requested_detail()["sent"], false);
  EXPECT_EQ(count("SELECT count(*) FROM password_reset_requests"), 0);
}

TEST_F(password_reset_worker_test, a_disabled_company_gets_the_audit_event_only) {
  h.probe().execute("UPDATE companies SET disabled = 1");
  forgot(bob.username);
  EXPECT_EQ(h.resolve_reset_requests(), 1U);
  EXPECT_EQ(count("SELECT count(*) FROM password_tokens"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM mail_outbox"), 0);
  EXPECT_EQ(requested_user(), bob_id());
  EXPECT_EQ(requested_detail()["sent"], false);
  EXPECT_EQ(count("SELECT count(*) FROM password_reset_requests"), 0);
}

// Two workers (two servers on one database): a claim leases the request to
// one; once a lease ends another may take it over, and then only that one
// can finish it.
TEST_F(password_reset_worker_test, a_request_is_held_and_finished_by_one_worker) {
  forgot(bob.username);
  const auto first = claim();
  ASSERT_EQ(first.size(), 1U);
  EXPECT_EQ(first[0].company, acme);
  EXPECT_EQ(first[0].account, "bob");
  EXPECT_EQ(first[0].ip, test_client_ip);
  EXPECT_TRUE(claim().empty()) << "leased to the first";
  EXPECT_EQ(h.resolve_reset_requests(), 0U);

  h.clock.advance(password_reset_worker::claim_lease + 1s);  // the first worker died, say
  const auto second = claim();
  ASSERT_EQ(second.size(), 1U);
  change_set first_finishes;
  first_finishes.guards.push_back(reset_request_finish{.id = first[0].id, .leased_until = first[0].leased_until});
  EXPECT_FALSE(h.real_storage().apply(first_finishes)) << "taken over";
  change_set second_finishes;
  second_finishes.guards.push_back(reset_request_finish{.id = second[0].id, .leased_until = second[0].leased_until});
  EXPECT_TRUE(h.real_storage().apply(second_finishes));
  EXPECT_EQ(count("SELECT count(*) FROM password_reset_requests"), 0);
}

TEST_F(password_reset_worker_test, a_request_left_too_long_is_dropped) {
  forgot(bob.username);
  h.clock.advance(password_reset_worker::stale_after + 1s);
  EXPECT_EQ(h.resolve_reset_requests(), 0U);
  EXPECT_EQ(count("SELECT count(*) FROM password_reset_requests"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM mail_outbox"), 0);
}

}  // namespace
}  // namespace twofold::server::testing
