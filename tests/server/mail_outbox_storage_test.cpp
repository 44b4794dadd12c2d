// The mail outbox in storage, on SQLite and on PostgreSQL: migration 2 on a
// database from before it,
// mail committed with the change that causes it (or not at all), and the
// claim / mark sent / retry bookkeeping a sender relies on, with several
// claimers (servers) on one outbox: parallel claims disjoint, a lease taken
// over only once it ends, a restart freeing only its own claims, and a
// claimer whose lease ran out unable to reschedule what another now holds.
// A sent message forgets its text, and is deleted once old enough.
#include <gtest/gtest.h>

#include <algorithm>
#include <latch>
#include <set>
#include <string>
#include <thread>

#include "storage/migrations.hpp"
#include "storage/sql_dialect.hpp"
#include "support/test_accounts.hpp"
#include "support/test_database.hpp"
#include "support/test_mail.hpp"

namespace twofold::server::testing {
namespace {

using std::chrono::seconds;

// Claimers (mail/outbox_claimer.hpp): two servers sharing the outbox.
constexpr std::string_view this_server = "web-1 127.0.0.1:8080";
constexpr std::string_view other_server = "web-2 127.0.0.1:8080";

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

TEST_P(mail_outbox_migration, upgrading_forgets_the_text_of_mail_already_sent) {
  constexpr int forgetting_version = 19;  // sent messages and ended trusted browsers deleted in time
  const auto store = database_.storage();
  const auto dialect = dialect_of(GetParam());
  {
    const auto connection = database_.connect();
    connection->execute(create_migrations_table(dialect));
    for (const migration& step : migrations_of(dialect)) {
      if (step.version >= forgetting_version) break;
      connection->execute(step.sql);
      connection->execute("INSERT INTO schema_migrations VALUES (" + std::to_string(step.version) + ", 'old', 0)");
    }
    connection->execute(
        "INSERT INTO mail_outbox (created_at, recipient, subject, text_body, html_body, next_attempt_at, sent_at) VALUES"
        " (0, 'a@acme.example', 'Sent', 'code 111111', '<p>code 111111</p>', 0, 5),"
        " (0, 'b@acme.example', 'Waiting', 'code 222222', '<p>code 222222</p>', 0, NULL)");
  }
  ASSERT_EQ(store->schema_version(), forgetting_version - 1);

  store->migrate(test_epoch);

  EXPECT_EQ(database_.rows("SELECT subject, text_body, html_body FROM mail_outbox ORDER BY id", 3),
            (std::vector<std::vector<std::string>>{{"Sent", "", ""}, {"Waiting", "code 222222", "<p>code 222222</p>"}}));
}

class mail_outbox_test : public ::testing::TestWithParam<test_backend> {
 protected:
  void SetUp() override {
    store_ = database_.migrated(test_epoch);
    seed_acme(*store_, password_hasher(fast_argon2), test_epoch);
  }

  std::vector<outbox_mail_record> claim(timestamp now, std::size_t limit = 10, std::string_view claimer = this_server) {
    return store_->claim_due_mail(now, limit, claimer, now + seconds{600});
  }

  // The message's attempts, next_attempt_at and claimed_by.
  std::vector<std::string> claim_of(row_id id) {
    return database_.rows("SELECT attempts, next_attempt_at, claimed_by FROM mail_outbox WHERE id = " +
                          std::to_string(id), 3).at(0);
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
  ASSERT_EQ(store_->claim_due_mail(test_epoch, 10, this_server, test_epoch + seconds{900}).size(), 1U);

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

TEST_P(mail_outbox_test, sent_mail_forgets_its_text_and_keeps_its_recipient_and_subject) {
  const auto message = sample_message();
  store_->apply(enqueue(message, test_epoch));
  store_->apply(enqueue(message, test_epoch));
  const auto claimed = claim(test_epoch, 1);
  ASSERT_EQ(claimed.size(), 1U);

  store_->mark_mail_sent(claimed[0].id, test_epoch + seconds{1});

  EXPECT_EQ(database_.rows("SELECT id, recipient, subject, text_body, html_body FROM mail_outbox ORDER BY id", 5),
            (std::vector<std::vector<std::string>>{
                {std::to_string(claimed[0].id), message.to, message.subject, "", ""},
                {std::to_string(claimed[0].id + 1), message.to, message.subject, message.text, message.html}}))
      << "the sent one without its text, the unsent one whole";
}

TEST_P(mail_outbox_test, only_messages_sent_before_the_cutoff_are_deleted) {
  for (int i = 0; i < 3; ++i) store_->apply(enqueue(sample_message(), test_epoch));
  change_set sms;
  sms.sms = {outbox_sms_record{.id = 0, .created_at = test_epoch, .recipient = "+447700900123", .text = "Code 123456",
                               .attempts = 0}};
  store_->apply(sms);
  const auto mails = claim(test_epoch);
  ASSERT_EQ(mails.size(), 3U);
  store_->mark_mail_sent(mails[0].id, test_epoch + seconds{10});
  store_->mark_mail_sent(mails[1].id, test_epoch + seconds{20});
  const auto texts = store_->claim_due_sms(test_epoch, 5, this_server, test_epoch + seconds{25});
  ASSERT_EQ(texts.size(), 1U);
  store_->mark_sms_sent(texts[0].id, test_epoch + seconds{10});

  EXPECT_EQ(store_->delete_sent_messages_before(test_epoch + seconds{20}), 2) << "a mail and the SMS, sent at 10 s";

  EXPECT_EQ(database_.rows("SELECT id, sent_at FROM mail_outbox ORDER BY id", 2),
            (std::vector<std::vector<std::string>>{{std::to_string(mails[1].id), std::to_string(seconds_of(test_epoch + seconds{20}))},
                                                   {std::to_string(mails[2].id), "NULL"}}))
      << "sent at the cutoff and unsent: both kept";
  EXPECT_EQ(database_.integer("SELECT count(*) FROM sms_outbox"), 0);
  EXPECT_EQ(store_->delete_sent_messages_before(test_epoch + seconds{20}), 0);
}

TEST_P(mail_outbox_test, a_failure_is_counted_kept_and_rescheduled) {
  store_->apply(enqueue(sample_message(), test_epoch));
  const row_id id = claim(test_epoch).at(0).id;

  store_->record_mail_failure(id, this_server, "connection refused", test_epoch + seconds{30});

  EXPECT_EQ(store_->next_mail_due(), test_epoch + seconds{30});
  EXPECT_TRUE(claim(test_epoch + seconds{29}).empty());
  const auto retried = claim(test_epoch + seconds{30});
  ASSERT_EQ(retried.size(), 1U);
  EXPECT_EQ(retried[0].attempts, 1);
  EXPECT_EQ(database_.text("SELECT last_error FROM mail_outbox"), "connection refused");
}

TEST_P(mail_outbox_test, parallel_claimers_get_disjoint_messages_and_together_all_of_them) {
  constexpr std::size_t claimers = 4;
  constexpr std::size_t messages = 40;
  for (std::size_t i = 0; i < messages; ++i) store_->apply(enqueue(sample_message(), test_epoch));

  // Each claimer a server of its own (a storage, its own connections), all
  // starting at once and claiming two at a time until nothing is due.
  std::vector<std::vector<row_id>> claimed(claimers);
  std::vector<std::string> failures(claimers);
  std::latch start(static_cast<std::ptrdiff_t>(claimers));
  std::vector<std::thread> threads;
  for (std::size_t c = 0; c < claimers; ++c) {
    threads.emplace_back([&, c] {
      const auto server = database_.storage();
      const std::string claimer = "web-" + std::to_string(c) + " 127.0.0.1:8080";
      start.arrive_and_wait();
      try {
        for (;;) {
          const auto batch = server->claim_due_mail(test_epoch, 2, claimer, test_epoch + seconds{600});
          if (batch.empty()) return;
          for (const auto& message : batch) claimed[c].push_back(message.id);
        }
      } catch (const std::exception& error) {
        failures[c] = error.what();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, std::vector<std::string>(claimers)) << "no claim failed";

  std::multiset<row_id> all;
  for (std::size_t c = 0; c < claimers; ++c) {
    all.insert(claimed[c].begin(), claimed[c].end());
    for (const row_id id : claimed[c]) {
      EXPECT_EQ(claim_of(id).at(2), "web-" + std::to_string(c) + " 127.0.0.1:8080") << "message " << id;
    }
  }
  EXPECT_EQ(all.size(), messages) << "no message claimed twice, none left";
  EXPECT_EQ(std::set<row_id>(all.begin(), all.end()).size(), messages);
  EXPECT_EQ(database_.integer("SELECT count(*) FROM mail_outbox WHERE claimed_by IS NULL"), 0);
}

TEST_P(mail_outbox_test, another_claimer_takes_over_a_message_only_once_its_lease_has_ended) {
  store_->apply(enqueue(sample_message(), test_epoch));
  const auto held = store_->claim_due_mail(test_epoch, 1, this_server, test_epoch + seconds{75});
  ASSERT_EQ(held.size(), 1U);

  EXPECT_TRUE(claim(test_epoch + seconds{74}, 1, other_server).empty()) << "leased to this server";
  const auto taken = claim(test_epoch + seconds{75}, 1, other_server);
  ASSERT_EQ(taken.size(), 1U);
  EXPECT_EQ(taken[0].id, held[0].id);
  EXPECT_EQ(claim_of(held[0].id), (std::vector<std::string>{"0", std::to_string(seconds_of(test_epoch + seconds{675})),
                                                           std::string(other_server)}));
}

TEST_P(mail_outbox_test, a_restart_frees_only_what_that_claimer_held) {
  for (int i = 0; i < 3; ++i) store_->apply(enqueue(sample_message(), test_epoch));
  const row_id leased = claim(test_epoch, 1, this_server).at(0).id;  // a delivery this server died in
  const row_id retrying = claim(test_epoch, 1, this_server).at(0).id;
  store_->record_mail_failure(retrying, this_server, "connection refused", test_epoch + seconds{30});
  const row_id others = claim(test_epoch, 1, other_server).at(0).id;  // in flight on the other server

  store_->release_unsent_mail(this_server, test_epoch + seconds{5});

  const auto due = claim(test_epoch + seconds{5}, 10, this_server);
  std::vector<row_id> due_ids;
  for (const auto& message : due) due_ids.push_back(message.id);
  EXPECT_EQ(due_ids, (std::vector<row_id>{leased, retrying}));
  EXPECT_EQ(claim_of(others), (std::vector<std::string>{"0", std::to_string(seconds_of(test_epoch + seconds{600})),
                                                        std::string(other_server)}))
      << "the other server's lease is left alone";
}

TEST_P(mail_outbox_test, a_claimer_whose_lease_ran_out_cannot_reschedule_what_another_took_over) {
  store_->apply(enqueue(sample_message(), test_epoch));
  const row_id id = claim(test_epoch, 1, this_server).at(0).id;
  ASSERT_EQ(claim(test_epoch + seconds{600}, 1, other_server).size(), 1U);  // this server's lease ran out
  const auto taken_over = claim_of(id);

  store_->record_mail_failure(id, this_server, "timed out", test_epoch + seconds{630});

  EXPECT_EQ(claim_of(id), taken_over) << "the stale failure changed nothing";
  EXPECT_EQ(database_.integer("SELECT count(*) FROM mail_outbox WHERE last_error IS NULL"), 1);
  store_->record_mail_failure(id, other_server, "connection refused", test_epoch + seconds{630});
  EXPECT_EQ(claim_of(id), (std::vector<std::string>{"1", std::to_string(seconds_of(test_epoch + seconds{630})),
                                                    std::string(other_server)}));
}

TEST_P(mail_outbox_test, a_delivered_message_is_marked_sent_whoever_holds_its_claim_now) {
  store_->apply(enqueue(sample_message(), test_epoch));
  const row_id id = claim(test_epoch, 1, this_server).at(0).id;
  ASSERT_EQ(claim(test_epoch + seconds{600}, 1, other_server).size(), 1U);

  store_->mark_mail_sent(id, test_epoch + seconds{601});  // this server's late delivery went through

  EXPECT_EQ(database_.integer("SELECT sent_at FROM mail_outbox"), seconds_of(test_epoch + seconds{601}));
  EXPECT_FALSE(store_->next_mail_due().has_value());
}

TEST_P(mail_outbox_test, the_sms_outbox_claims_by_the_same_rule) {
  change_set sms;
  sms.sms = {outbox_sms_record{.id = 0, .created_at = test_epoch, .recipient = "+447700900123", .text = "Code 123456",
                               .attempts = 0},
             outbox_sms_record{.id = 0, .created_at = test_epoch, .recipient = "+447700900456", .text = "Code 654321",
                               .attempts = 0}};
  store_->apply(sms);
  const auto held = store_->claim_due_sms(test_epoch, 1, this_server, test_epoch + seconds{25});
  ASSERT_EQ(held.size(), 1U);
  const auto other = store_->claim_due_sms(test_epoch, 5, other_server, test_epoch + seconds{25});
  ASSERT_EQ(other.size(), 1U);
  EXPECT_NE(other[0].id, held[0].id);

  store_->record_sms_failure(held[0].id, other_server, "gateway down", test_epoch + seconds{30});
  store_->release_unsent_sms(other_server, test_epoch + seconds{1});

  const auto due = store_->claim_due_sms(test_epoch + seconds{1}, 5, other_server, test_epoch + seconds{26});
  ASSERT_EQ(due.size(), 1U) << "only the other server's own message is freed";
  EXPECT_EQ(due[0].id, other[0].id);
  EXPECT_EQ(database_.integer("SELECT attempts FROM sms_outbox WHERE id = " + std::to_string(held[0].id)), 0);
}

}  // namespace
}  // namespace twofold::server::testing
