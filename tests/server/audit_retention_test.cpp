// Audit events older than the retention are deleted by the daily prune; the
// time comes from an injected clock.
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>

#include "account/audit.hpp"
#include "account/audit_retention.hpp"
#include "config/config.hpp"
#include "support/config_loading.hpp"
#include "runtime/clock.hpp"
#include "support/test_database.hpp"
#include "support/temp_dir.hpp"
#include "support/test_accounts.hpp"

namespace twofold::server::testing {
namespace {

using namespace std::chrono_literals;

class audit_retention_test : public ::testing::TestWithParam<test_backend> {
 protected:
  void write_event_at(timestamp at, std::string_view name) {
    change_set changes;
    changes.audit_events.push_back(audit_event(name, client_info{.ip = "192.0.2.1", .user_agent = "test"}, at,
                                               std::nullopt, std::nullopt));
    ASSERT_TRUE(store_->apply(changes));
  }
  std::vector<std::vector<std::string>> events() {
    return database_.rows("SELECT event FROM audit_events ORDER BY id", 1);
  }

  test_database database_{GetParam()};
  std::unique_ptr<sql_storage> store_ = database_.migrated(test_epoch);
};

INSTANTIATE_TEST_SUITE_P(databases, audit_retention_test, ::testing::ValuesIn(all_test_backends), backend_name);

TEST_P(audit_retention_test, deletes_what_is_older_than_the_retention_and_keeps_the_rest) {
  const std::chrono::days retention{400};
  manual_clock clk(test_epoch);
  write_event_at(test_epoch, "sign_in.failed");
  write_event_at(test_epoch + std::chrono::days{10}, "sign_in.succeeded");

  clk.advance(std::chrono::duration_cast<std::chrono::seconds>(retention));
  EXPECT_EQ(prune_audit_events(*store_, clk.now(), retention), 0) << "exactly the retention old: still kept";
  clk.advance(1s);
  EXPECT_EQ(prune_audit_events(*store_, clk.now(), retention), 1);
  EXPECT_EQ(events(), (std::vector<std::vector<std::string>>{{"sign_in.succeeded"}}));

  clk.advance(std::chrono::days{10});
  EXPECT_EQ(prune_audit_events(*store_, clk.now(), retention), 1);
  EXPECT_TRUE(events().empty());
}

TEST_P(audit_retention_test, the_pruner_prunes_at_start_and_logs_what_it_deleted) {
  write_event_at(test_epoch, "sign_in.failed");
  manual_clock clk(test_epoch + std::chrono::days{2});
  std::ostringstream log_text;
  logger log(log_text);
  {
    auto pruner = audit_pruner(*store_, clk, log, std::chrono::days{1});
    pruner.start();
    pruner.stop();
  }
  EXPECT_TRUE(events().empty());
  EXPECT_NE(log_text.str().find("\"audit.pruned\""), std::string::npos) << log_text.str();
}

TEST(audit_retention_option, defaults_to_400_days_and_is_set_by_audit_retention_days) {
  EXPECT_EQ(loaded({}).audit_retention, std::chrono::days{400});
  EXPECT_EQ(loaded({"--audit-retention-days", "30"}).audit_retention, std::chrono::days{30});
  EXPECT_EQ(loaded({}, {"TWOFOLD_AUDIT_RETENTION_DAYS=90"}).audit_retention, std::chrono::days{90});
  EXPECT_NE(error_of({"--audit-retention-days", "0"}).find("audit-retention-days"), std::string::npos);
}

}  // namespace
}  // namespace twofold::server::testing
