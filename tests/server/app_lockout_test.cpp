// How a lock after five wrong codes ends, on the manual clock: by itself
// after the company's minutes ("for N minutes"), or never by itself ("until
// an administrator unlocks", the default).
#include <gtest/gtest.h>

#include <chrono>

#include "storage/storage.hpp"
#include "support/two_factor_steps.hpp"
#include "twofold/security/lockout.hpp"

namespace twofold::server::testing {
namespace {

using namespace std::chrono_literals;

class lockout_test : public ::testing::Test {
 protected:
  // Bob turns the authenticator app on, signs out, and locks his account
  // with five wrong codes.
  void SetUp() override {
    ASSERT_EQ(bob_browser.sign_in(bob).status, 200U);
    std::ignore = enable_app(bob_browser, h);
    ASSERT_EQ(bob_browser.remove("/api/session").status, 204U);
  }

  void set_lock_minutes(std::optional<int> minutes) {
    change_set changes;
    changes.lockout.company_settings.push_back({.company_id = acme_id(), .lock_minutes = minutes});
    ASSERT_TRUE(h.real_storage().apply(changes));
  }

  row_id acme_id() { return h.probe().integer("SELECT id FROM companies"); }

  http_response lock_out() {
    EXPECT_EQ(bob_browser.sign_in(bob).status, 202U);
    http_response last;
    for (int i = 0; i < max_code_failures; ++i) last = bob_browser.post("/api/session/second-step", code_body("000000"));
    return last;
  }

  // The right password: 202 (the code page) when open, 401 like a wrong one when locked.
  unsigned password_answer() { return test_browser(h).sign_in(bob).status; }

  app_harness h;
  test_browser bob_browser{h};
};

TEST_F(lockout_test, a_timed_lock_ends_by_itself_after_the_companys_minutes) {
  set_lock_minutes(5);
  const auto locked = lock_out();
  ASSERT_EQ(locked.status, 403U) << locked.body;
  EXPECT_EQ(json_of(locked)["error"]["code"], "account_locked_timed");
  EXPECT_EQ(json_of(locked)["error"]["seconds"], 300);
  EXPECT_EQ(header_of(locked, "Retry-After"), "300");

  h.clock.advance(299s);
  EXPECT_EQ(password_answer(), 401U) << "a second before the end";
  h.clock.advance(1s);
  test_browser after(h);
  const auto open = after.sign_in(bob);
  ASSERT_EQ(open.status, 202U) << open.body;
  EXPECT_EQ(json_of(open)["second_step"]["attempts_left"], max_code_failures) << "the failures are forgotten";
  const auto wrong = after.post("/api/session/second-step", code_body("000000"));
  EXPECT_EQ(json_of(wrong)["error"]["attempts_left"], max_code_failures - 1);
}

TEST_F(lockout_test, a_lock_until_unlocked_outlasts_any_wait) {
  const auto locked = lock_out();
  ASSERT_EQ(locked.status, 403U) << locked.body;
  EXPECT_EQ(json_of(locked)["error"]["code"], "account_locked");
  EXPECT_FALSE(json_of(locked)["error"].contains("seconds"));
  h.clock.advance(std::chrono::duration_cast<std::chrono::seconds>(std::chrono::days{365}));
  EXPECT_EQ(password_answer(), 401U);
}

TEST_F(lockout_test, a_locked_account_answers_the_right_password_exactly_as_a_wrong_one) {
  set_lock_minutes(5);
  ASSERT_EQ(lock_out().status, 403U);
  const auto right = test_browser(h).sign_in(bob);
  auto guess = bob;
  guess.password = "not the password";
  const auto wrong = test_browser(h).sign_in(guess);
  EXPECT_EQ(right.status, 401U) << right.body;
  EXPECT_EQ(right.status, wrong.status);
  EXPECT_EQ(right.body, wrong.body);
  EXPECT_EQ(header_of(right, "Retry-After"), header_of(wrong, "Retry-After"));
  EXPECT_EQ(h.probe().integer("SELECT count(*) FROM audit_events WHERE event = 'sign_in.locked'"), 1)
      << "administrators still see that the right password was typed";
}

TEST_F(lockout_test, shortening_the_minutes_does_not_shorten_a_lock_already_given) {
  set_lock_minutes(60);
  ASSERT_EQ(lock_out().status, 403U);
  set_lock_minutes(1);
  h.clock.advance(120s);
  EXPECT_EQ(password_answer(), 401U) << "the lock keeps the end it was given";
  h.clock.advance(60min);
  EXPECT_EQ(password_answer(), 202U);
}

}  // namespace
}  // namespace twofold::server::testing
