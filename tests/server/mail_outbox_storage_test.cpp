// The mail outbox in storage, on SQLite and on PostgreSQL: migration 2 on a
// database from before it,
// mail committed with the change that causes it (or not at all), and the
// claim / mark sent / retry bookkeeping a sender relies on.
#include <gtest/gtest.h>

#include "storage/migrations.hpp"
#include "storage/sql_dialect.hpp"
#include "support/test_accounts.hpp"
#include "support/test_database.hpp"
#include "support/test_mail.hpp"

namespace twofold::server::testing {
namespace {

using std::chrono::seconds;

std::int64_t seconds_of(timestamp at) { return at.time_since_epoch().count(); }

sql_dialect dialect_of(test_backend backend) {
  return backend == test_backend::sqlite ? sql_dialect::sqlite : sql_dialect::postgresql;
}

// A database exactly as a build that knew only migration 1 left it.
void write_version_one_database(const test_database& database) {
  const auto connection = database.connect();
  const auto dialect = dialect_of(database.backend());
  connection->execute(create_migrations_table(dialect));
  const migration& first = migrations_of(dialect).front();
  ASSERT_EQ(first.version, 1);
  connection->execute(first.sql);
  connection->execute("INSERT INTO schema_migrations VALUES (1, 'initial', 0)");
  connection->execute("INSERT INTO companies (name, key, created_at) VALUES ('Old Co', 'old co', 0)");
}

class mail_outbox_migration : public ::testing::TestWithParam<test_backend> {
 protected:
  test_database database_{GetParam()};
};

INSTANTIATE_TEST_SUITE_P(databases, mail_outbox_migration, ::testing::ValuesIn(all_test_backends), backend_name);

TEST_P(mail_outbox_migration, upgrades_a_version_one_database_and_keeps_its_data) {
  const auto store = database_.storage();  // SQLite's creates the file
  write_version_one_database(database_);
  ASSERT_EQ(store->schema_version(), 1);

  store->migrate(test_epoch);

  EXPECT_EQ(store->schema_version(), migrations_of(dialect_of(GetParam())).back().version);
  EXPECT_EQ(database_.integer("SELECT applied_at FROM schema_migrations WHERE version = 2"), seconds_of(test_epoch));
  EXPECT_EQ(database_.integer("SELECT count(*) FROM (SELECT id, created_at, recipient, subject, text_body, html_body,"
                              " attempts, next_attempt_at, sent_at, last_error FROM mail_outbox) AS columns"),
            0);
  EXPECT_TRUE(store->find_company_by_key("old co").has_value());
}

class mail_outbox_test : public ::testing::TestWithParam<test_backend> {
 protected:
  void SetUp() override {
    store_ = database_.migrated(test_epoch);
    seed_acme(*store_, password_hasher(fast_argon2), test_epoch);
  }

  std::vector<outbox_mail_record> claim(timestamp now, std::size_t limit = 10) {
    return store_->claim_due_mail(now, limit, now + seconds{600});
  }

  test_database database_{GetParam()};
  std::unique_ptr<sql_storage> store_;
};

INSTANTIATE_TEST_SUITE_P(databases, mail_outbox_test, ::testing::ValuesIn(all_test_backends), backend_name);

TEST_P(mail_outbox_test, enqueued_mail_is_stored_whole) {
  const auto message = sample_message();
  store_->apply(enqueue(message, test_epoch));

  EXPECT_EQ(database_.rows("SELECT recipient, subject, text_body, html_body, attempts, next_attempt_at, sent_at,"
                           " last_error FROM mail_outbox",
                           8),
            (std::vector<std::vector<std::string>>{{message.to, message.subject, message.text, message.html, "0",
                                                    std::to_string(seconds_of(test_epoch)), "NULL", "NULL"}}));
}

TEST_P(mail_outbox_test, mail_commits_together_with_the_change_that_caused_it) {
  const row_id alice_id = store_->find_user_by_username(store_->find_company_by_key("acme corp")->id, "alice")->id;
  change_set changes = enqueue(sample_message(), test_epoch);
  changes.passwords.hashes = {{.user_id = alice_id, .password_hash = "$argon2id$new"}};

  store_->apply(changes);

  EXPECT_EQ(store_->find_user(alice_id)->password_hash, "$argon2id$new");
  EXPECT_EQ(claim(test_epoch).size(), 1U);
}

TEST_P(mail_outbox_test, no_mail_when_the_transaction_fails) {
  change_set changes = enqueue(sample_message(), test_epoch);
  changes.audit_events = {audit_event_record{.company_id = std::nullopt,
                                             .user_id = std::nullopt,
                                             .event = "broken",
                                             .ip = "",
                                             .user_agent = "",
                                             .detail_json = "{not json",
                                             .created_at = test_epoch,
                                             .tally_key = std::nullopt}};

  EXPECT_THROW(store_->apply(changes), storage_failure);

  EXPECT_EQ(database_.integer("SELECT count(*) FROM mail_outbox"), 0);
  EXPECT_FALSE(store_->next_mail_due().has_value());
}

TEST_P(mail_outbox_test, claims_only_due_mail_oldest_first_and_in_batches) {
  const auto message = sample_message();
  store_->apply(enqueue(message, test_epoch + seconds{20}));
  store_->apply(enqueue(message, test_epoch + seconds{10}));
  store_->apply(enqueue(message, test_epoch + seconds{30}));

  EXPECT_TRUE(claim(test_epoch + seconds{9}).empty());
  const auto first_batch = claim(test_epoch + seconds{25}, 1);
  ASSERT_EQ(first_batch.size(), 1U);
  EXPECT_EQ(first_batch[0].created_at, test_epoch + seconds{10});
  EXPECT_EQ(first_batch[0].subject, message.subject);
  EXPECT_EQ(first_batch[0].attempts, 0);
  const auto second_batch = claim(test_epoch + seconds{25});
  ASSERT_EQ(second_batch.size(), 1U) << "the first message is leased, the third not yet due";
  EXPECT_EQ(second_batch[0].created_at, test_epoch + seconds{20});
}

TEST_P(mail_outbox_test, a_claimed_message_comes_back_when_its_lease_ends) {
  store_->apply(enqueue(sample_message(), test_epoch));
  ASSERT_EQ(store_->claim_due_mail(test_epoch, 10, test_epoch + seconds{900}).size(), 1U);

  EXPECT_EQ(store_->next_mail_due(), test_epoch + seconds{900});
  EXPECT_TRUE(claim(test_epoch + seconds{899}).empty());
  EXPECT_EQ(claim(test_epoch + seconds{900}).size(), 1U);
}

TEST_P(mail_outbox_test, sent_mail_is_never_claimed_again) {
  store_->apply(enqueue(sample_message(), test_epoch));
  const auto claimed = claim(test_epoch);
  ASSERT_EQ(claimed.size(), 1U);

  store_->mark_mail_sent(claimed[0].id, test_epoch + seconds{1});

  EXPECT_TRUE(claim(test_epoch + std::chrono::hours{24}).empty());
  EXPECT_FALSE(store_->next_mail_due().has_value());
  EXPECT_EQ(database_.integer("SELECT sent_at FROM mail_outbox"), seconds_of(test_epoch + seconds{1}));
}

TEST_P(mail_outbox_test, a_failure_is_counted_kept_and_rescheduled) {
  store_->apply(enqueue(sample_message(), test_epoch));
  const row_id id = claim(test_epoch).at(0).id;

  store_->record_mail_failure(id, "connection refused", test_epoch + seconds{30});

  EXPECT_EQ(store_->next_mail_due(), test_epoch + seconds{30});
  EXPECT_TRUE(claim(test_epoch + seconds{29}).empty());
  const auto retried = claim(test_epoch + seconds{30});
  ASSERT_EQ(retried.size(), 1U);
  EXPECT_EQ(retried[0].attempts, 1);
  EXPECT_EQ(database_.text("SELECT last_error FROM mail_outbox"), "connection refused");
}

}  // namespace
}  // namespace twofold::server::testing
