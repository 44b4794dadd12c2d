// The mail outbox in storage: migration 2 on a database from before it,
// mail committed with the change that causes it (or not at all), and the
// claim / mark sent / retry bookkeeping a sender relies on.
#include <gtest/gtest.h>

#include "storage/migrations.hpp"
#include "storage/sqlite_driver.hpp"
#include "storage/sqlite_storage.hpp"
#include "support/database_probe.hpp"
#include "support/temp_dir.hpp"
#include "support/test_accounts.hpp"
#include "support/test_mail.hpp"

namespace twofold::server::testing {
namespace {

int newest_migration() { return sqlite_migrations().back().version; }

using std::chrono::seconds;

std::int64_t seconds_of(timestamp at) { return at.time_since_epoch().count(); }

// A database exactly as a build that knew only migration 1 left it.
void write_version_one_database(const std::filesystem::path& data_dir) {
  std::filesystem::create_directories(data_dir);
  sqlite_connection connection(data_dir / sqlite_file_name);
  connection.execute(
      "CREATE TABLE schema_migrations ("
      " version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)");
  const migration& first = sqlite_migrations().front();
  ASSERT_EQ(first.version, 1);
  connection.execute(first.sql);
  connection.execute("INSERT INTO schema_migrations VALUES (1, 'initial', 0)");
  connection.execute("INSERT INTO companies (name, key, created_at) VALUES ('Old Co', 'old co', 0)");
}

TEST(mail_outbox_migration, upgrades_a_version_one_database_and_keeps_its_data) {
  temp_dir dir;
  write_version_one_database(dir.path());
  const auto store = open_sqlite_storage(dir.path());
  ASSERT_EQ(store->schema_version(), 1);

  store->migrate(test_epoch);

  EXPECT_EQ(store->schema_version(), newest_migration());
  database_probe probe(dir.path());
  EXPECT_EQ(probe.integer("SELECT applied_at FROM schema_migrations WHERE version = 2"), seconds_of(test_epoch));
  EXPECT_EQ(probe.rows("SELECT name FROM pragma_table_info('mail_outbox') ORDER BY cid"),
            (std::vector<std::vector<std::string>>{{"id"},
                                                   {"created_at"},
                                                   {"recipient"},
                                                   {"subject"},
                                                   {"text_body"},
                                                   {"html_body"},
                                                   {"attempts"},
                                                   {"next_attempt_at"},
                                                   {"sent_at"},
                                                   {"last_error"}}));
  EXPECT_TRUE(store->find_company_by_key("old co").has_value());
}

class mail_outbox_test : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = open_storage(dir_.path(), test_epoch);
    seed_acme(*store_, password_hasher(fast_argon2), test_epoch);
  }

  std::vector<outbox_mail_record> claim(timestamp now, std::size_t limit = 10) {
    return store_->claim_due_mail(now, limit, now + seconds{600});
  }

  temp_dir dir_;
  std::unique_ptr<sql_storage> store_;
};

TEST_F(mail_outbox_test, enqueued_mail_is_stored_whole) {
  const auto message = sample_message();
  store_->apply(enqueue(message, test_epoch));

  database_probe probe(dir_.path());
  EXPECT_EQ(probe.rows("SELECT recipient, subject, text_body, html_body, attempts, next_attempt_at, sent_at,"
                       " last_error FROM mail_outbox"),
            (std::vector<std::vector<std::string>>{{message.to, message.subject, message.text, message.html, "0",
                                                    std::to_string(seconds_of(test_epoch)), "NULL", "NULL"}}));
}

TEST_F(mail_outbox_test, mail_commits_together_with_the_change_that_caused_it) {
  const row_id alice_id = store_->find_user_by_username(store_->find_company_by_key("acme corp")->id, "alice")->id;
  change_set changes = enqueue(sample_message(), test_epoch);
  changes.passwords.hashes = {{.user_id = alice_id, .password_hash = "$argon2id$new"}};

  store_->apply(changes);

  EXPECT_EQ(store_->find_user(alice_id)->password_hash, "$argon2id$new");
  EXPECT_EQ(claim(test_epoch).size(), 1U);
}

TEST_F(mail_outbox_test, no_mail_when_the_transaction_fails) {
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

  database_probe probe(dir_.path());
  EXPECT_EQ(probe.integer("SELECT count(*) FROM mail_outbox"), 0);
  EXPECT_FALSE(store_->next_mail_due().has_value());
}

TEST_F(mail_outbox_test, claims_only_due_mail_oldest_first_and_in_batches) {
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

TEST_F(mail_outbox_test, a_claimed_message_comes_back_when_its_lease_ends) {
  store_->apply(enqueue(sample_message(), test_epoch));
  ASSERT_EQ(store_->claim_due_mail(test_epoch, 10, test_epoch + seconds{900}).size(), 1U);

  EXPECT_EQ(store_->next_mail_due(), test_epoch + seconds{900});
  EXPECT_TRUE(claim(test_epoch + seconds{899}).empty());
  EXPECT_EQ(claim(test_epoch + seconds{900}).size(), 1U);
}

TEST_F(mail_outbox_test, sent_mail_is_never_claimed_again) {
  store_->apply(enqueue(sample_message(), test_epoch));
  const auto claimed = claim(test_epoch);
  ASSERT_EQ(claimed.size(), 1U);

  store_->mark_mail_sent(claimed[0].id, test_epoch + seconds{1});

  EXPECT_TRUE(claim(test_epoch + std::chrono::hours{24}).empty());
  EXPECT_FALSE(store_->next_mail_due().has_value());
  database_probe probe(dir_.path());
  EXPECT_EQ(probe.integer("SELECT sent_at FROM mail_outbox"), seconds_of(test_epoch + seconds{1}));
}

TEST_F(mail_outbox_test, a_failure_is_counted_kept_and_rescheduled) {
  store_->apply(enqueue(sample_message(), test_epoch));
  const row_id id = claim(test_epoch).at(0).id;

  store_->record_mail_failure(id, "connection refused", test_epoch + seconds{30});

  EXPECT_EQ(store_->next_mail_due(), test_epoch + seconds{30});
  EXPECT_TRUE(claim(test_epoch + seconds{29}).empty());
  const auto retried = claim(test_epoch + seconds{30});
  ASSERT_EQ(retried.size(), 1U);
  EXPECT_EQ(retried[0].attempts, 1);
  database_probe probe(dir_.path());
  EXPECT_EQ(probe.text("SELECT last_error FROM mail_outbox"), "connection refused");
}

}  // namespace
}  // namespace twofold::server::testing
