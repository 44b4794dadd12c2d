// Sessions end after 30 idle minutes or 12 hours, by the injected clock; an
// expired session is deleted when presented; only the token's hash is stored.
#include <gtest/gtest.h>

#include "auth/session_token.hpp"
#include "auth/sessions.hpp"
#include "runtime/clock.hpp"
#include "support/database_probe.hpp"
#include "support/test_database.hpp"
#include "support/temp_dir.hpp"
#include "support/test_accounts.hpp"

namespace twofold::server::testing {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

const client_info browser{.ip = "198.51.100.4", .user_agent = "Test Browser"};

class sessions_test : public ::testing::TestWithParam<test_backend> {
 protected:
  void SetUp() override {
    seed_acme(*store_, password_hasher(fast_argon2), test_epoch);
    const auto company = store_->find_company_by_key("acme corp");
    alice_id_ = store_->find_user_by_username(company->id, "alice")->id;
    carol_id_ = store_->find_user_by_username(company->id, "carol")->id;
  }

  // Signs in as the user at the clock's current time; returns the cookie value.
  std::string start_session(row_id user_id) {
    const auto token = new_session_token();
    change_set changes;
    changes.sessions.opened = {new_session_record(token.hash, user_id, browser, policy_, clock_.now())};
    store_->apply(changes);
    return token.cookie_value;
  }

  std::int64_t session_rows() { return database_.integer("SELECT count(*) FROM sessions"); }

  test_database database_{GetParam()};
  std::unique_ptr<sql_storage> store_ = database_.migrated(test_epoch);
  manual_clock clock_{test_epoch};
  session_policy policy_{};
  session_service sessions_{*store_, clock_, policy_};
  row_id alice_id_ = 0;
  row_id carol_id_ = 0;
};

INSTANTIATE_TEST_SUITE_P(databases, sessions_test, ::testing::ValuesIn(all_test_backends), backend_name);

TEST(session_state, follows_idle_and_absolute_timeouts) {
  const session_policy policy{.idle_timeout = minutes(30), .absolute_timeout = hours(12), .touch_interval = minutes(1)};
  const session_record session{.token_hash = {},
                               .user_id = 1,
                               .created_at = test_epoch,
                               .last_seen_at = test_epoch,
                               .absolute_expires_at = test_epoch + hours(12),
                               .ip = "",
                               .user_agent = "",
                               .language = std::nullopt};
  EXPECT_EQ(state_of(session, policy, test_epoch), session_state::active);
  EXPECT_EQ(state_of(session, policy, test_epoch + minutes(30) - seconds(1)), session_state::active);
  EXPECT_EQ(state_of(session, policy, test_epoch + minutes(30)), session_state::idle_expired);

  session_record busy = session;
  busy.last_seen_at = test_epoch + hours(12) - minutes(1);
  EXPECT_EQ(state_of(busy, policy, test_epoch + hours(12) - seconds(1)), session_state::active);
  EXPECT_EQ(state_of(busy, policy, test_epoch + hours(12)), session_state::absolute_expired);
}

TEST(session_state, new_records_expire_after_the_absolute_timeout) {
  const session_policy policy{.idle_timeout = minutes(30), .absolute_timeout = hours(8), .touch_interval = minutes(1)};
  const auto record = new_session_record({}, 42, browser, policy, test_epoch);
  EXPECT_EQ(record.user_id, 42);
  EXPECT_EQ(record.created_at, test_epoch);
  EXPECT_EQ(record.last_seen_at, test_epoch);
  EXPECT_EQ(record.absolute_expires_at, test_epoch + hours(8));
  EXPECT_EQ(record.ip, browser.ip);
  EXPECT_EQ(record.user_agent, browser.user_agent);
}

TEST_P(sessions_test, resume_finds_the_user) {
  const auto cookie = start_session(alice_id_);
  const auto active = sessions_.resume(cookie);
  ASSERT_TRUE(active.has_value());
  EXPECT_EQ(active->account.username, "alice");
  EXPECT_EQ(active->account.company_name, "Acme Corp");
  EXPECT_EQ(active->account.role, user_role::admin);
}

TEST_P(sessions_test, unknown_or_malformed_cookies_find_nothing) {
  start_session(alice_id_);
  EXPECT_FALSE(sessions_.resume(new_session_token().cookie_value).has_value());
  EXPECT_FALSE(sessions_.resume("not-a-token").has_value());
  EXPECT_FALSE(sessions_.resume("").has_value());
  EXPECT_EQ(session_rows(), 1);
}

TEST_P(sessions_test, end_after_thirty_idle_minutes_and_are_deleted) {
  const auto cookie = start_session(alice_id_);
  clock_.advance(minutes(29));
  ASSERT_TRUE(sessions_.peek(cookie).has_value());
  clock_.advance(minutes(1));

  EXPECT_FALSE(sessions_.resume(cookie).has_value());
  EXPECT_EQ(session_rows(), 0);
}

TEST_P(sessions_test, activity_keeps_them_alive_until_the_absolute_timeout) {
  const auto cookie = start_session(alice_id_);
  for (int step = 0; step < 12 * 3 - 1; ++step) {  // every 20 minutes for 11 h 40 min
    clock_.advance(minutes(20));
    ASSERT_TRUE(sessions_.resume(cookie).has_value()) << "after " << (step + 1) * 20 << " minutes";
  }
  clock_.advance(minutes(20));  // 12 hours after sign-in
  EXPECT_FALSE(sessions_.resume(cookie).has_value());
  EXPECT_EQ(session_rows(), 0);
}

TEST_P(sessions_test, resume_records_use_but_peek_does_not) {
  const auto cookie = start_session(alice_id_);
  clock_.advance(minutes(10));
  ASSERT_TRUE(sessions_.peek(cookie).has_value());
  EXPECT_EQ(database_.integer("SELECT last_seen_at FROM sessions"), test_epoch.time_since_epoch().count());

  ASSERT_TRUE(sessions_.resume(cookie).has_value());
  EXPECT_EQ(database_.integer("SELECT last_seen_at FROM sessions"), (test_epoch + minutes(10)).time_since_epoch().count());

  clock_.advance(seconds(10));  // within touch_interval: no write
  ASSERT_TRUE(sessions_.resume(cookie).has_value());
  EXPECT_EQ(database_.integer("SELECT last_seen_at FROM sessions"), (test_epoch + minutes(10)).time_since_epoch().count());
}

TEST_P(sessions_test, a_short_idle_timeout_is_renewed_by_use) {
  const session_policy short_idle{
      .idle_timeout = minutes(1), .absolute_timeout = hours(1), .touch_interval = minutes(1)};
  session_service sessions(*store_, clock_, short_idle);
  const auto cookie = start_session(alice_id_);
  for (int step = 0; step < 10; ++step) {
    clock_.advance(seconds(40));
    ASSERT_TRUE(sessions.resume(cookie).has_value()) << "used every 40 s, after " << (step + 1) * 40 << " s";
  }
}

TEST_P(sessions_test, store_the_tokens_hash_and_never_the_token) {
  const auto cookie = start_session(alice_id_);
  EXPECT_EQ(database_.blob("SELECT token_hash FROM sessions").size(), 32U);

  const auto hash = hash_of_cookie_value(cookie);
  ASSERT_TRUE(hash.has_value());
  EXPECT_EQ(database_.blob("SELECT token_hash FROM sessions"), std::vector<std::uint8_t>(hash->begin(), hash->end()));

  if (GetParam() == test_backend::sqlite) {  // PostgreSQL's files are the server's
    const std::string bytes = database_bytes(database_.sqlite_dir());
    EXPECT_EQ(bytes.find(cookie), std::string::npos) << "the cookie value is in the database files";
  }
}

TEST_P(sessions_test, a_disabled_users_session_ends) {
  const auto cookie = start_session(carol_id_);
  EXPECT_FALSE(sessions_.resume(cookie).has_value());
  EXPECT_EQ(session_rows(), 0);
}

TEST_P(sessions_test, end_deletes_the_session_and_records_sign_out) {
  const auto cookie = start_session(alice_id_);
  const auto other = start_session(alice_id_);

  const auto ended = sessions_.end(cookie, browser);

  ASSERT_TRUE(ended.has_value());
  EXPECT_EQ(ended->id, alice_id_);
  EXPECT_FALSE(sessions_.resume(cookie).has_value());
  EXPECT_TRUE(sessions_.resume(other).has_value()) << "other sessions stay";
  EXPECT_EQ(
      database_.rows("SELECT event, user_id, ip, user_agent FROM audit_events", 4),
      (std::vector<std::vector<std::string>>{{"sign_out", std::to_string(alice_id_), browser.ip, browser.user_agent}}));
  EXPECT_FALSE(sessions_.end(cookie, browser).has_value());
}

}  // namespace
}  // namespace twofold::server::testing
