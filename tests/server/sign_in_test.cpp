// The sign-in flow apart from HTTP: outcomes as values, the denial reason in
// the audit trail, session rotation, throttling and rehash on sign-in.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "auth/password_blocklist.hpp"
#include "auth/password_hasher.hpp"
#include "auth/public_links.hpp"
#include "auth/session_pruning.hpp"
#include "auth/sign_in_throttle.hpp"
#include "config/config.hpp"
#include "flows/sign_in_service.hpp"
#include "runtime/clock.hpp"
#include "support/test_database.hpp"
#include "support/temp_dir.hpp"
#include "support/test_origins.hpp"
#include "two_factor/server_key.hpp"
#include "support/test_accounts.hpp"

namespace twofold::server::testing {
namespace {

const client_info browser{.ip = "198.51.100.4", .user_agent = "Test Browser"};

class sign_in_test : public ::testing::TestWithParam<test_backend> {
 protected:
  void SetUp() override { seed_acme(*store_, password_hasher(fast_argon2), test_epoch); }

  sign_in_outcome attempt(std::string_view company, std::string_view account, std::string_view password,
                          std::optional<session_token_hash> previous = std::nullopt) {
    auto form = validate_sign_in({std::string(company), std::string(account), std::string(password)});
    EXPECT_TRUE(form.ok());
    return service_.sign_in({.form = form, .client = browser, .previous_session = previous, .trusted_browser = std::nullopt, .language = std::nullopt});
  }

  std::vector<std::vector<std::string>> audit_rows() {
    return database_.rows("SELECT event, detail FROM audit_events ORDER BY id", 2);
  }

  test_database database_{GetParam()};
  std::unique_ptr<sql_storage> store_ = database_.migrated(test_epoch);
  manual_clock clock_{test_epoch};
  password_hasher hasher_{fast_argon2};
  sign_in_throttle throttle_{*store_, "sign_in"};
  session_policy policy_{};
  server_key key_{test_server_key};
  config cfg_{};
  public_links links_{cfg_};
  password_blocklist blocklist_ = password_blocklist::of({"password1"});
  sign_in_service service_{*store_, clock_, hasher_, throttle_, key_, links_, test_origin_finder(), policy_, blocklist_};
};

INSTANTIATE_TEST_SUITE_P(databases, sign_in_test, ::testing::ValuesIn(all_test_backends), backend_name);

TEST_P(sign_in_test, succeeds_with_username_and_starts_a_session) {
  const auto outcome = attempt("Acme Corp", "alice", alice.password);
  ASSERT_TRUE(std::holds_alternative<signed_in>(outcome));
  const auto& done = std::get<signed_in>(outcome);
  EXPECT_EQ(done.account.username, "alice");
  EXPECT_EQ(done.account.role, user_role::admin);
  EXPECT_FALSE(done.password_rehashed);

  const auto session = store_->find_session(done.session.hash);
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->session.user_id, done.account.id);
  EXPECT_EQ(session->owner.user.username, "alice");
  EXPECT_EQ(session->session.absolute_expires_at, test_epoch + policy_.absolute_timeout);
  EXPECT_EQ(session->session.ip, browser.ip);
  EXPECT_EQ(audit_rows(), (std::vector<std::vector<std::string>>{
                             {"device.new", R"({"browser":"Other","os":"Other"})"},
                             {"location.new", R"({"place":"198.51.100.0/24"})"},
                             {"sign_in.succeeded", R"({"password_rehashed":false})"}}))
      << "a browser and a network the account never used";
}

TEST_P(sign_in_test, accepts_email_and_ignores_case_of_company_and_account) {
  const auto by_email = attempt("  acme CORP ", "Bob@Acme.Example", bob.password);
  ASSERT_TRUE(std::holds_alternative<signed_in>(by_email));
  EXPECT_EQ(std::get<signed_in>(by_email).account.username, "bob");
  EXPECT_EQ(std::get<signed_in>(by_email).account.language, i18n::language::zh_cn);
}

TEST_P(sign_in_test, denies_with_the_real_reason_in_the_audit_trail) {
  const struct {
    std::string_view company, account, password;
    denial_reason reason;
  } cases[] = {
      {"Nobody Inc", "alice", alice.password, denial_reason::unknown_company},
      {"Acme Corp", "mallory", alice.password, denial_reason::unknown_account},
      {"Acme Corp", "alice", "not the password", denial_reason::wrong_password},
      {"Acme Corp", "carol", carol.password, denial_reason::disabled},
      {"Acme Corp", "carol", "not the password", denial_reason::wrong_password},
  };
  for (const auto& c : cases) {
    const auto outcome = attempt(c.company, c.account, c.password);
    ASSERT_TRUE(std::holds_alternative<sign_in_denied>(outcome)) << c.account;
    EXPECT_EQ(std::get<sign_in_denied>(outcome).reason, c.reason) << c.account;
  }
  const auto rows = audit_rows();
  ASSERT_EQ(rows.size(), std::size(cases));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][0], "sign_in.failed");
    EXPECT_EQ(nlohmann::json::parse(rows[i][1])["reason"], reason_code(cases[i].reason));
  }
  EXPECT_EQ(database_.integer("SELECT count(*) FROM sessions"), 0);
}

TEST_P(sign_in_test, records_which_company_and_user_a_failure_concerns) {
  static_cast<void>(attempt("Nobody Inc", "alice", "x"));
  static_cast<void>(attempt("Acme Corp", "mallory", "x"));
  static_cast<void>(attempt("Acme Corp", "alice", "x"));
  const auto rows = database_.rows("SELECT CASE WHEN company_id IS NULL THEN 1 ELSE 0 END, CASE WHEN user_id IS NULL THEN 1 ELSE 0 END"
                                   " FROM audit_events ORDER BY id",
                                   2);
  EXPECT_EQ(rows, (std::vector<std::vector<std::string>>{{"1", "1"}, {"0", "1"}, {"0", "0"}}));
}

TEST_P(sign_in_test, rotates_the_previous_session) {
  const auto first = std::get<signed_in>(attempt("Acme Corp", "alice", alice.password));
  const auto second = std::get<signed_in>(attempt("Acme Corp", "alice", alice.password, first.session.hash));
  EXPECT_NE(first.session.cookie_value, second.session.cookie_value);
  EXPECT_FALSE(store_->find_session(first.session.hash).has_value());
  EXPECT_TRUE(store_->find_session(second.session.hash).has_value());
}

TEST_P(sign_in_test, leaves_expired_sessions_to_the_prune) {
  const auto old = std::get<signed_in>(attempt("Acme Corp", "alice", alice.password));
  clock_.advance(policy_.idle_timeout);
  const auto fresh = std::get<signed_in>(attempt("Acme Corp", "bob", bob.password));
  EXPECT_TRUE(store_->find_session(old.session.hash).has_value()) << "no sign-in pays for the purge";

  EXPECT_EQ(prune_expired_sessions(*store_, policy_, clock_.now()), 1);
  EXPECT_FALSE(store_->find_session(old.session.hash).has_value());
  EXPECT_TRUE(store_->find_session(fresh.session.hash).has_value());
}

TEST_P(sign_in_test, throttles_before_checking_the_password) {
  for (int i = 0; i <= account_backoff.free_failures; ++i) static_cast<void>(attempt("Acme Corp", "alice", "wrong"));

  const auto throttled = attempt("Acme Corp", "alice", alice.password);
  ASSERT_TRUE(std::holds_alternative<sign_in_throttled>(throttled)) << "even the right password waits";
  EXPECT_EQ(std::get<sign_in_throttled>(throttled).retry_after, account_backoff.base_delay);
  EXPECT_EQ(audit_rows().back(), (std::vector<std::string>{"sign_in.throttled", R"({"count":1,"retry_after":1})"}));

  clock_.advance(std::get<sign_in_throttled>(throttled).retry_after);
  EXPECT_TRUE(std::holds_alternative<signed_in>(attempt("Acme Corp", "alice", alice.password)));
  EXPECT_TRUE(std::holds_alternative<sign_in_denied>(attempt("Acme Corp", "alice", "wrong again")))
      << "success cleared the account's failures";
}

TEST_P(sign_in_test, a_back_off_window_is_audited_once_with_the_count_of_refused_attempts) {
  for (int i = 0; i <= account_backoff.free_failures; ++i) static_cast<void>(attempt("Acme Corp", "alice", "wrong"));
  // The details as JSON values: PostgreSQL writes its own spacing when it updates one.
  const auto throttled_rows = [&] {
    std::vector<nlohmann::json> details;
    for (const auto& row : database_.rows("SELECT detail FROM audit_events WHERE event = 'sign_in.throttled'", 1)) {
      details.push_back(nlohmann::json::parse(row.at(0)));
    }
    return details;
  };
  constexpr int refused = 40;
  for (int i = 0; i < refused; ++i) {
    ASSERT_TRUE(std::holds_alternative<sign_in_throttled>(attempt("Acme Corp", "alice", "wrong")));
  }
  EXPECT_EQ(throttled_rows(), std::vector{nlohmann::json::parse(R"({"count":1,"retry_after":1})")})
      << "one row while the window lasts, written by its first refusal";

  // The next evaluated attempt ends the window and writes its count.
  clock_.advance(account_backoff.base_delay);
  EXPECT_TRUE(std::holds_alternative<sign_in_denied>(attempt("Acme Corp", "alice", "wrong")));
  EXPECT_EQ(throttled_rows(), std::vector{nlohmann::json::parse(R"({"count":40,"retry_after":1})")});

  // The next window has a row of its own.
  ASSERT_TRUE(std::holds_alternative<sign_in_throttled>(attempt("Acme Corp", "alice", "wrong")));
  EXPECT_EQ(throttled_rows().size(), 2U);
}

TEST_P(sign_in_test, throttles_unknown_accounts_like_known_ones) {
  for (int i = 0; i <= account_backoff.free_failures; ++i) static_cast<void>(attempt("Acme Corp", "mallory", "x"));
  EXPECT_TRUE(std::holds_alternative<sign_in_throttled>(attempt("Acme Corp", "mallory", "x")));
}

TEST_P(sign_in_test, rehashes_a_password_with_outdated_parameters) {
  password_hasher stronger({.memory_kib = fast_argon2.memory_kib, .iterations = 2});
  sign_in_service upgraded(*store_, clock_, stronger, throttle_, key_, links_, test_origin_finder(), policy_, blocklist_);
  const auto company = store_->find_company_by_key("acme corp");
  const std::string before = store_->find_user_by_username(company->id, "alice")->password_hash;

  auto form = validate_sign_in({"Acme Corp", "alice", std::string(alice.password)});
  const auto outcome = upgraded.sign_in({.form = form, .client = browser, .previous_session = std::nullopt, .trusted_browser = std::nullopt, .language = std::nullopt});

  ASSERT_TRUE(std::holds_alternative<signed_in>(outcome));
  EXPECT_TRUE(std::get<signed_in>(outcome).password_rehashed);
  const std::string after = store_->find_user_by_username(company->id, "alice")->password_hash;
  EXPECT_NE(after, before);
  EXPECT_NE(after.find("t=2"), std::string::npos) << after;
  EXPECT_EQ(stronger.verify(after, alice.password), password_check::correct);
}

}  // namespace
}  // namespace twofold::server::testing
