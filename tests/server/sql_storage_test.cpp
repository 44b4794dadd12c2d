// The storage on SQLite and on PostgreSQL: lookups, the one-time first
// company, and change sets applied in one transaction — all of it or none of
// it — from many threads.
#include <gtest/gtest.h>

#include <algorithm>
#include <latch>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "auth/password_hasher.hpp"
#include "support/test_accounts.hpp"
#include "support/test_database.hpp"

namespace twofold::server::testing {
namespace {

class sql_storage_test : public ::testing::TestWithParam<test_backend> {
 protected:
  void SetUp() override {
    store_ = database_.migrated(test_epoch);
    seed_acme(*store_, password_hasher(fast_argon2), test_epoch);
    company_ = *store_->find_company_by_key("acme corp");
  }

  session_record session_for(row_id user_id, std::uint8_t marker) const {
    session_token_hash hash{};
    hash.fill(marker);
    return session_record{.token_hash = hash,
                          .user_id = user_id,
                          .created_at = test_epoch,
                          .last_seen_at = test_epoch,
                          .absolute_expires_at = test_epoch + std::chrono::hours(12),
                          .ip = "192.0.2.1",
                          .user_agent = "test",
                          .language = std::nullopt};
  }

  audit_event_record event_named(std::string name) const {
    return audit_event_record{.company_id = company_.id,
                              .user_id = std::nullopt,
                              .event = std::move(name),
                              .ip = "192.0.2.1",
                              .user_agent = "test",
                              .detail_json = R"({"n":1})",
                              .created_at = test_epoch,
                              .tally_key = std::nullopt};
  }

  test_database database_{GetParam()};
  std::unique_ptr<sql_storage> store_;
  company_record company_;
};

INSTANTIATE_TEST_SUITE_P(databases, sql_storage_test, ::testing::ValuesIn(all_test_backends), backend_name);

TEST_P(sql_storage_test, finds_the_company_by_key_and_id) {
  EXPECT_EQ(company_.name, "Acme Corp");
  EXPECT_EQ(company_.default_language, "en");
  EXPECT_EQ(store_->find_company(company_.id)->key, "acme corp");
  EXPECT_FALSE(store_->find_company_by_key("Acme Corp").has_value()) << "keys are stored normalised";
  EXPECT_FALSE(store_->find_company(company_.id + 100).has_value());
}

TEST_P(sql_storage_test, finds_users_by_username_or_email_within_their_company) {
  const auto by_name = store_->find_user_by_username(company_.id, "bob");
  ASSERT_TRUE(by_name.has_value());
  EXPECT_EQ(by_name->email, "bob@acme.example");
  EXPECT_EQ(by_name->role, "agent");
  EXPECT_EQ(by_name->language, std::optional<std::string>("zh-CN"));
  EXPECT_FALSE(by_name->disabled);

  const auto by_email = store_->find_user_by_email(company_.id, "alice@acme.example");
  ASSERT_TRUE(by_email.has_value());
  EXPECT_EQ(by_email->username, "alice");
  EXPECT_EQ(by_email->language, std::nullopt);
  EXPECT_EQ(store_->find_user(by_email->id)->display_name, "Alice Admin");

  EXPECT_TRUE(store_->find_user_by_username(company_.id, "carol")->disabled);
  EXPECT_FALSE(store_->find_user_by_username(company_.id + 1, "bob").has_value());
  EXPECT_FALSE(store_->find_user_by_username(company_.id, "bob@acme.example").has_value());
}

TEST_P(sql_storage_test, finds_a_user_with_its_company_as_each_alone_would) {
  const auto bob = store_->find_user_by_username(company_.id, "bob");
  ASSERT_TRUE(bob.has_value());
  const auto found = store_->find_user_with_company(bob->id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->user.username, "bob");
  EXPECT_EQ(found->user.email, bob->email);
  EXPECT_EQ(found->user.language, bob->language);
  EXPECT_EQ(found->user.time_zone, bob->time_zone);
  EXPECT_EQ(found->user.password_hash, bob->password_hash);
  EXPECT_EQ(found->company.id, company_.id);
  EXPECT_EQ(found->company.name, "Acme Corp");
  EXPECT_EQ(found->company.key, "acme corp");
  EXPECT_EQ(found->company.default_language, company_.default_language);
  EXPECT_EQ(found->company.disabled, company_.disabled);
  EXPECT_FALSE(store_->find_user_with_company(bob->id + 100).has_value());
}

TEST_P(sql_storage_test, lists_each_user_with_its_own_time_zone_beside_its_two_factor_method) {
  const auto bob = store_->find_user_by_username(company_.id, "bob");
  ASSERT_TRUE(bob.has_value());
  change_set changes;
  changes.people.time_zones.push_back({.user_id = bob->id, .time_zone = "Asia/Shanghai"});
  two_factor_record email;
  email.user_id = bob->id;
  email.method = "email";
  email.enabled_at = test_epoch;
  changes.two_factor.methods_put.push_back(email);
  store_->apply(changes);

  const auto page = store_->list_users(company_.id, "bob", 0, 10);
  ASSERT_EQ(page.users.size(), 1U);
  EXPECT_EQ(page.users[0].user.username, "bob");
  EXPECT_EQ(page.users[0].user.time_zone, std::optional<std::string>("Asia/Shanghai"));
  EXPECT_EQ(page.users[0].two_factor_method, std::optional<std::string>("email"));
}

TEST_P(sql_storage_test, creates_the_first_company_only_once) {
  const company_record other{
      .id = 0, .name = "Other", .key = "other", .default_language = "en", .created_at = test_epoch,
      .lock_minutes = std::nullopt, .trusted_browser_days = std::nullopt, .require_two_factor = false};
  EXPECT_TRUE(store_->has_companies());
  EXPECT_FALSE(store_->create_first_company(other, {}));
  EXPECT_FALSE(store_->find_company_by_key("other").has_value());
}

TEST_P(sql_storage_test, applies_every_kind_of_change) {
  const row_id alice_id = store_->find_user_by_username(company_.id, "alice")->id;
  change_set first;
  first.sessions.opened = {session_for(alice_id, 7), session_for(alice_id, 8)};
  store_->apply(first);

  change_set second;
  second.sessions.ended = {session_for(alice_id, 8).token_hash};
  second.sessions.touched = {
      {.token_hash = session_for(alice_id, 7).token_hash, .last_seen_at = test_epoch + std::chrono::minutes(5)}};
  second.passwords.hashes = {{.user_id = alice_id, .password_hash = "$argon2id$new"}};
  second.audit_events = {event_named("sign_in.succeeded")};
  store_->apply(second);

  const auto kept = store_->find_session(session_for(alice_id, 7).token_hash);
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->session.last_seen_at, test_epoch + std::chrono::minutes(5));
  EXPECT_EQ(kept->session.ip, "192.0.2.1");
  EXPECT_EQ(kept->owner.user.id, alice_id) << "the session's user, read with it";
  EXPECT_EQ(kept->owner.company.key, company_.key);
  EXPECT_FALSE(store_->find_session(session_for(alice_id, 8).token_hash).has_value());
  EXPECT_EQ(store_->find_user(alice_id)->password_hash, "$argon2id$new");
  EXPECT_EQ(database_.rows("SELECT event, detail, user_id FROM audit_events", 3),
            (std::vector<std::vector<std::string>>{{"sign_in.succeeded", R"({"n":1})", "NULL"}}));
}

TEST_P(sql_storage_test, deletes_the_trusted_browsers_whose_trust_ended_and_no_other) {
  const row_id bob_id = store_->find_user_by_username(company_.id, "bob")->id;
  const auto browser = [&](std::uint8_t marker, std::chrono::minutes lasts) {
    session_token_hash hash{};
    hash.fill(marker);
    return trusted_browser_record{.id = 0, .token_hash = hash, .user_id = bob_id, .created_at = test_epoch,
                                  .expires_at = test_epoch + lasts, .ip = "192.0.2.1", .user_agent = "test"};
  };
  change_set trusted;
  trusted.trust.added = {browser(1, std::chrono::minutes(1)), browser(2, std::chrono::minutes(2)),
                         browser(3, std::chrono::minutes(3))};
  store_->apply(trusted);

  EXPECT_EQ(store_->delete_ended_trusted_browsers(test_epoch + std::chrono::minutes(2)), 2) << "ended at 1 and at 2 min";

  const auto left = store_->list_trusted_browsers(bob_id);
  ASSERT_EQ(left.size(), 1U);
  EXPECT_EQ(left[0].token_hash, browser(3, std::chrono::minutes(3)).token_hash);
}

TEST_P(sql_storage_test, deletes_the_sessions_past_either_timeout_and_no_other) {
  const row_id alice_id = store_->find_user_by_username(company_.id, "alice")->id;
  auto past_absolute = session_for(alice_id, 1);
  past_absolute.absolute_expires_at = test_epoch + std::chrono::minutes(1);
  auto idle = session_for(alice_id, 2);
  idle.last_seen_at = test_epoch - std::chrono::hours(2);
  change_set opened;
  opened.sessions.opened = {past_absolute, idle, session_for(alice_id, 3)};
  store_->apply(opened);

  EXPECT_EQ(store_->delete_expired_sessions({.now = test_epoch + std::chrono::minutes(2), .idle_timeout = std::chrono::hours(1)}), 2);

  EXPECT_FALSE(store_->find_session(past_absolute.token_hash).has_value());
  EXPECT_FALSE(store_->find_session(idle.token_hash).has_value());
  EXPECT_TRUE(store_->find_session(session_for(alice_id, 3).token_hash).has_value());
}

TEST_P(sql_storage_test, a_change_set_is_all_or_nothing) {
  const row_id alice_id = store_->find_user_by_username(company_.id, "alice")->id;
  change_set changes;
  changes.sessions.opened = {session_for(alice_id, 1), session_for(alice_id + 1000, 2)};  // no such user
  changes.passwords.hashes = {{.user_id = alice_id, .password_hash = "$argon2id$should-not-land"}};
  changes.audit_events = {event_named("sign_in.succeeded")};

  EXPECT_THROW(store_->apply(changes), storage_failure);

  EXPECT_EQ(database_.integer("SELECT count(*) FROM sessions"), 0);
  EXPECT_EQ(database_.integer("SELECT count(*) FROM audit_events"), 0);
  EXPECT_NE(store_->find_user(alice_id)->password_hash, "$argon2id$should-not-land");
  // The connection is still usable after the rollback.
  change_set later;
  later.audit_events = {event_named("later")};
  EXPECT_TRUE(store_->apply(later));
  EXPECT_EQ(database_.integer("SELECT count(*) FROM audit_events"), 1);
}

TEST_P(sql_storage_test, rejects_audit_detail_that_is_not_json) {
  auto event = event_named("sign_out");
  event.detail_json = "{not json";
  change_set changes;
  changes.audit_events = {event};
  EXPECT_THROW(store_->apply(changes), storage_failure);
}

TEST_P(sql_storage_test, serves_many_threads_at_once) {
  constexpr int threads = 4;
  constexpr int writes_per_thread = 50;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < writes_per_thread; ++i) {
        change_set changes;
        changes.audit_events = {event_named("sign_in.failed")};
        store_->apply(changes);
        EXPECT_TRUE(store_->find_user_by_username(company_.id, "alice").has_value());
      }
    });
  }
  for (auto& worker : workers) worker.join();
  EXPECT_EQ(database_.integer("SELECT count(*) FROM audit_events"), threads * writes_per_thread);
}

// Sixteen code checks for one account at once, as from several servers:
// each attempt counted once, and exactly the allowed number get a number
// (on PostgreSQL the losers of a race are run again).
TEST_P(sql_storage_test, parallel_code_attempts_get_distinct_numbers_up_to_the_maximum) {
  const row_id alice_id = store_->find_user_by_username(company_.id, "alice")->id;
  constexpr int threads = 16;
  constexpr int max_failures = 5;
  std::vector<std::optional<int>> claimed(threads);
  std::vector<std::string> failures(threads);
  std::latch start(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      start.arrive_and_wait();
      try {
        claimed[static_cast<std::size_t>(t)] =
            store_->claim_code_attempt({.user_id = alice_id, .max_failures = max_failures, .now = test_epoch});
      } catch (const storage_failure& failure) {
        failures[static_cast<std::size_t>(t)] = failure.what();
      }
    });
  }
  for (auto& worker : workers) worker.join();

  std::vector<int> numbers;
  for (const auto& number : claimed) {
    if (number) numbers.push_back(*number);
  }
  std::ranges::sort(numbers);
  EXPECT_EQ(numbers, (std::vector<int>{1, 2, 3, 4, 5}));
  for (const auto& failure : failures) EXPECT_EQ(failure, "");
  EXPECT_EQ(store_->find_user(alice_id)->code_failures, max_failures);
}

// Parallel code mails for one person stop at the cap, counted exactly;
// for different people none waits for or conflicts with another.
class code_sends_in_parallel : public sql_storage_test {
 protected:
  // How many of `threads` parallel sends, the i-th for people[i % size], went
  // through; any storage failure is recorded in `failures`.
  int sends_applied(const std::vector<row_id>& people, int threads, int max) {
    std::vector<int> applied(static_cast<std::size_t>(threads), 0);
    std::latch start(threads);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        change_set changes;
        changes.guards.emplace_back(code_send{.user_id = people[static_cast<std::size_t>(t) % people.size()],
                                              .max = max,
                                              .since = test_epoch - std::chrono::hours(1),
                                              .now = test_epoch});
        changes.audit_events.push_back(event_named("test.code_sent"));
        start.arrive_and_wait();
        try {
          applied[static_cast<std::size_t>(t)] = store_->apply(changes) ? 1 : 0;
        } catch (const storage_failure& failure) {
          const std::scoped_lock lock(failures_mutex);
          failures.emplace_back(failure.what());
        }
      });
    }
    for (auto& worker : workers) worker.join();
    return static_cast<int>(std::ranges::count(applied, 1));
  }

  row_id id_of(const char* username) const { return store_->find_user_by_username(company_.id, username)->id; }

  std::mutex failures_mutex;
  std::vector<std::string> failures;
};

INSTANTIATE_TEST_SUITE_P(databases, code_sends_in_parallel, ::testing::ValuesIn(all_test_backends), backend_name);

TEST_P(code_sends_in_parallel, for_one_person_exactly_the_cap_goes_through) {
  EXPECT_EQ(sends_applied({id_of("alice")}, 16, 3), 3);
  EXPECT_EQ(failures, std::vector<std::string>{});
}

TEST_P(code_sends_in_parallel, for_different_people_every_one_goes_through) {
  EXPECT_EQ(sends_applied({id_of("alice"), id_of("bob")}, 16, 100), 16);
  EXPECT_EQ(failures, std::vector<std::string>{});
}

}  // namespace
}  // namespace twofold::server::testing
