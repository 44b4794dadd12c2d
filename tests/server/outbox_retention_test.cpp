// Sent messages are deleted once older than the retention, by a pruner at
// start and then daily; what is still to be sent is never touched.
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>

#include "mail/outbox_retention.hpp"
#include "runtime/clock.hpp"
#include "support/test_accounts.hpp"
#include "support/test_database.hpp"
#include "support/test_mail.hpp"

namespace twofold::server::testing {
namespace {

using namespace std::chrono_literals;

class outbox_retention_test : public ::testing::TestWithParam<test_backend> {
 protected:
  // Two mails enqueued at test_epoch, the first sent a second later.
  void SetUp() override {
    store_->apply(enqueue(sample_message(), test_epoch));
    store_->apply(enqueue(sample_message(), test_epoch));
    const auto first = store_->claim_due_mail(test_epoch, 1, "test", test_epoch + 60s);
    ASSERT_EQ(first.size(), 1U);
    store_->mark_mail_sent(first[0].id, sent_at);
  }

  std::int64_t mails() { return database_.integer("SELECT count(*) FROM mail_outbox"); }

  const timestamp sent_at = test_epoch + 1s;
  test_database database_{GetParam()};
  std::unique_ptr<sql_storage> store_ = database_.migrated(test_epoch);
};

INSTANTIATE_TEST_SUITE_P(databases, outbox_retention_test, ::testing::ValuesIn(all_test_backends), backend_name);

TEST_P(outbox_retention_test, deletes_a_sent_message_once_older_than_the_retention_and_never_an_unsent_one) {
  const auto retention = std::chrono::duration_cast<std::chrono::seconds>(sent_message_retention);
  EXPECT_EQ(prune_sent_messages(*store_, sent_at + retention), 0) << "exactly the retention old: still kept";
  EXPECT_EQ(prune_sent_messages(*store_, sent_at + retention + 1s), 1);
  EXPECT_EQ(mails(), 1);
  EXPECT_EQ(prune_sent_messages(*store_, sent_at + std::chrono::days{3650}), 0) << "the unsent mail stays";
  EXPECT_EQ(mails(), 1);
}

TEST_P(outbox_retention_test, the_pruner_prunes_at_start_and_logs_what_it_deleted) {
  manual_clock clk(sent_at + sent_message_retention + 1s);
  std::ostringstream log_text;
  logger log(log_text);
  {
    auto pruner = outbox_pruner(*store_, clk, log);
    pruner.start();
    pruner.stop();
  }
  EXPECT_EQ(mails(), 1);
  EXPECT_NE(log_text.str().find(R"("outbox.pruned")"), std::string::npos) << log_text.str();
  EXPECT_NE(log_text.str().find(R"("deleted":1)"), std::string::npos) << log_text.str();
}

}  // namespace
}  // namespace twofold::server::testing
