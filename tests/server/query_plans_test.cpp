// The hot queries' plans on SQLite. The SQL is what the storage really runs,
// recorded through its pool (recording_pool) while the app serves a
// sign-in, its code checks and GET /api/me, and while every expiry purge
// runs; each text is asked EXPLAIN QUERY PLAN. None may read a whole table
// (a SCAN), but for the few scans proven harmless below, each with its
// reason: a scan costs time in proportion to the table, so a query that
// scans sessions slows every sign-in as sessions accumulate.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "storage/sql_storage.hpp"
#include "storage/sqlite_driver.hpp"
#include "storage/sqlite_storage.hpp"
#include "support/recording_pool.hpp"
#include "support/two_factor_steps.hpp"

namespace twofold::server::testing {
namespace {

using namespace std::chrono_literals;

// A scan that costs nothing that grows: the statement's text contains
// `statement_part` and its plan scans `table`.
struct harmless_scan {
  std::string_view table;
  std::string_view statement_part;
  std::string_view reason;
};

constexpr harmless_scan harmless_scans[] = {
    {"password_reset_requests", "DELETE FROM password_reset_requests WHERE requested_at < ?1",
     "the table holds only the forgot-password requests still unresolved (the worker deletes each once"
     " resolved, within seconds), and the purge runs once per wake of that worker, off the request path;"
     " an index on requested_at would turn the worker's claim (ORDER BY requested_at) into a walk of that"
     " index instead of its lease index"},
};

bool is_harmless(std::string_view table, std::string_view statement) {
  return std::ranges::any_of(harmless_scans, [&](const harmless_scan& scan) {
    return scan.table == table && statement.find(scan.statement_part) != std::string_view::npos;
  });
}

class query_plans_test : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pool = std::make_unique<recording_pool>(
        std::make_unique<sqlite_pool>(std::filesystem::path(h.cfg.data_dir) / sqlite_file_name));
    recorded_ = pool.get();
    store_ = std::make_unique<sql_storage>(std::move(pool));
    h.serve_through(*store_);
  }

  // The statements recorded since the last call, each once.
  std::set<std::string> statements() {
    const auto record = recorded_->taken();
    return {record.statements.begin(), record.statements.end()};
  }

  // Every scan of a table in the plans of `texts`, as "table in: statement",
  // but those proven harmless.
  std::vector<std::string> scans_in(const std::set<std::string>& texts) const {
    sqlite_connection db(std::filesystem::path(h.cfg.data_dir) / sqlite_file_name, {.create = false});
    std::vector<std::string> scans;
    for (const std::string& text : texts) {
      auto plan = db.prepare("EXPLAIN QUERY PLAN " + text);
      while (plan.step()) {
        const std::string detail = plan.column_text(3);  // e.g. "SCAN sessions", "SEARCH users USING ..."
        if (!detail.starts_with("SCAN ") || detail.starts_with("SCAN CONSTANT ROW")) continue;
        const std::string table = detail.substr(5, detail.find(' ', 5) - 5);
        if (!is_harmless(table, text)) scans.push_back(detail + " in: " + text);
      }
    }
    return scans;
  }

  // Bob with the authenticator app, signed out again.
  enabled_app bob_with_app() {
    test_browser setup(h);
    EXPECT_EQ(setup.sign_in(bob).status, 200U);
    auto enabled = enable_app(setup, h);
    EXPECT_EQ(setup.remove("/api/session").status, 204U);
    return enabled;
  }

  row_id bob_id() const { return h.database().integer("SELECT id FROM users WHERE username = 'bob'"); }

  app_harness h;
  recording_pool* recorded_ = nullptr;
  std::unique_ptr<sql_storage> store_;
};

TEST_F(query_plans_test, api_me_reads_its_session_and_account_through_indexes) {
  test_browser bob_browser(h);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 200U);
  h.clock.advance(5min);  // past the touch interval: the session's last use is written too
  std::ignore = statements();
  ASSERT_EQ(bob_browser.get("/api/me").status, 200U);
  ASSERT_EQ(bob_browser.get("/api/me").status, 200U);
  const auto texts = statements();
  ASSERT_FALSE(texts.empty());
  EXPECT_EQ(scans_in(texts), std::vector<std::string>{});
}

// Every signed-in request reads its session with the user and company in
// one statement: one read transaction, one trip to PostgreSQL.
TEST_F(query_plans_test, api_me_within_the_touch_interval_is_one_statement) {
  test_browser bob_browser(h);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 200U);
  std::ignore = statements();
  ASSERT_EQ(bob_browser.get("/api/me").status, 200U);
  const auto record = recorded_->taken();
  ASSERT_EQ(record.statements.size(), 1U) << ::testing::PrintToString(record.statements);
  EXPECT_NE(record.statements.front().find("FROM sessions s JOIN users u"), std::string::npos);
}

TEST_F(query_plans_test, a_pending_sign_in_and_its_code_checks_scan_no_table) {
  const auto app = bob_with_app();
  test_browser bob_browser(h);
  std::ignore = statements();
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  ASSERT_EQ(bob_browser.post("/api/session/second-step", code_body("000000")).status, 401U);
  ASSERT_EQ(bob_browser.post("/api/session/second-step", backup_code_body("0000-0000-0000-00")).status, 401U);
  ASSERT_EQ(bob_browser.post("/api/session/second-step", code_body(totp_code(app.secret, h.clock.now() + 30s))).status, 200U);
  ASSERT_EQ(bob_browser.remove("/api/session").status, 204U);
  ASSERT_EQ(bob_browser.sign_in(bob).status, 202U);
  ASSERT_EQ(bob_browser.post("/api/session/second-step", backup_code_body(app.backup_codes.front())).status, 200U);
  const auto texts = statements();
  ASSERT_FALSE(texts.empty());
  EXPECT_EQ(scans_in(texts), std::vector<std::string>{});
}

// Each guard alone, so each one's statements run (a failed guard stops the
// guards after it), and the claim of an attempt.
TEST_F(query_plans_test, the_guards_of_code_checks_and_the_claim_scan_no_table) {
  const row_id id = bob_id();
  const timestamp now = h.clock.now();
  const session_token_hash flow{};
  const std::vector<guard> guards{
      totp_step_use{.user_id = id, .step = 1},
      backup_code_use{.user_id = id, .number = 1, .used_at = now},
      admin_code_use{.user_id = id, .hash = {}, .now = now},
      sign_in_flow_finish{.token_hash = flow},
      sign_in_flow_resend{.token_hash = flow, .previous_sent_at = now, .sent_code = {}, .now = now, .expires_at = now},
      code_send{.user_id = id, .max = 5, .since = now - 1h, .now = now},
      account_lock{.user_id = id, .max_failures = 5, .locked_at = now, .locked_until = std::nullopt},
  };
  std::ignore = statements();
  for (const guard& condition : guards) {
    change_set changes;
    changes.guards.push_back(condition);
    std::ignore = store_->apply(changes);
  }
  std::ignore = store_->claim_code_attempt({.user_id = id, .max_failures = 5, .now = now});
  const auto texts = statements();
  ASSERT_GE(texts.size(), guards.size());
  EXPECT_EQ(scans_in(texts), std::vector<std::string>{});
}

TEST_F(query_plans_test, every_expiry_purge_finds_its_rows_through_an_index) {
  const timestamp now = h.clock.now();
  std::ignore = statements();
  std::ignore = store_->delete_expired_sessions({.now = now, .idle_timeout = std::chrono::hours(8)});
  std::ignore = store_->delete_audit_events_before(now - std::chrono::days(90));
  std::ignore = store_->delete_sent_messages_before(now - std::chrono::days(30));
  std::ignore = store_->delete_ended_trusted_browsers(now);
  change_set purges;
  purges.sign_in_flows.purge_expired = now;
  purges.sso.purge_expired_starts = now;
  purges.passwords.tokens_put.push_back({.token_hash = {}, .user_id = bob_id(), .purpose = "reset", .created_at = now,
                                         .expires_at = now + 1h, .ip = "192.0.2.1", .user_agent = "test"});
  ASSERT_TRUE(store_->apply(purges));
  // A key new to a full throttle table trims the table.
  const throttle_table table{.name = "test.address", .capacity = 1, .forget_after = 1h};
  for (const std::string key : {"192.0.2.1", "192.0.2.2"}) {
    store_->update_throttle({{.table = table, .key = key}}, now, [&](const auto&) {
      return throttle_writes{.records = {throttle_record{.failures = {.failures = 1, .last_failure = now},
                                                         .in_flight = 0,
                                                         .in_flight_until = now,
                                                         .refused = 0,
                                                         .tally_key = ""}},
                             .ended_windows = {}};
    });
  }
  // The outboxes: the senders' claims and the reset requests', stale ones dropped.
  std::ignore = store_->claim_due_mail(now, 10, "test", now + 1min);
  std::ignore = store_->next_mail_due();
  std::ignore = store_->claim_due_sms(now, 10, "test", now + 1min);
  std::ignore = store_->next_sms_due();
  store_->release_unsent_mail("test", now);
  store_->release_unsent_sms("test", now);
  std::ignore = store_->claim_reset_requests(now, 10, now + 1min, now - 1h);
  const auto texts = statements();
  ASSERT_FALSE(texts.empty());
  EXPECT_EQ(scans_in(texts), std::vector<std::string>{});
}

}  // namespace
}  // namespace twofold::server::testing
