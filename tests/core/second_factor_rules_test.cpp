// Every rule set × device × place × trust, against the rules as the Admin
// console states them, written out independently of the implementation.
#include "twofold/security/second_factor_rules.hpp"

#include <gtest/gtest.h>

namespace twofold {
namespace {

// The statement, clause by clause: "a code at every sign-in (a trusted
// browser skips it)", "a code when the device is new", "a code when the
// location is new (never skipped)". A trusted browser is a known device.
bool as_stated(const second_factor_rules& rules, const sign_in_circumstances& now) {
  const bool device_is_new = now.new_device && !now.trusted_browser;
  const bool by_every_sign_in = rules.every_sign_in && !now.trusted_browser;
  const bool by_new_device = rules.new_device && device_is_new;
  const bool by_new_location = rules.new_location && now.new_location;
  return by_every_sign_in || by_new_device || by_new_location;
}

TEST(second_factor_rules_test, every_combination_asks_as_stated) {
  int asked = 0;
  for (int bits = 0; bits < 64; ++bits) {
    const second_factor_rules rules{.every_sign_in = (bits & 1) != 0, .new_device = (bits & 2) != 0,
                                    .new_location = (bits & 4) != 0};
    if (!any_rule(rules)) continue;
    const sign_in_circumstances now{.new_device = (bits & 8) != 0, .new_location = (bits & 16) != 0,
                                    .trusted_browser = (bits & 32) != 0};
    EXPECT_EQ(second_factor_asked(rules, now), as_stated(rules, now)) << "case " << bits;
    asked += second_factor_asked(rules, now) ? 1 : 0;
  }
  EXPECT_GT(asked, 0);
  EXPECT_LT(asked, 56);
}

TEST(second_factor_rules_test, known_device_and_place_sign_in_without_a_code_under_the_new_rules_only) {
  const second_factor_rules new_only{.every_sign_in = false, .new_device = true, .new_location = true};
  EXPECT_FALSE(second_factor_asked(new_only, {.new_device = false, .new_location = false, .trusted_browser = false}));
  EXPECT_TRUE(second_factor_asked(new_only, {.new_device = true, .new_location = false, .trusted_browser = false}));
  EXPECT_TRUE(second_factor_asked(new_only, {.new_device = false, .new_location = true, .trusted_browser = false}));
}

TEST(second_factor_rules_test, a_trusted_browser_never_skips_a_new_location) {
  const second_factor_rules rules{.every_sign_in = true, .new_device = false, .new_location = true};
  EXPECT_TRUE(second_factor_asked(rules, {.new_device = false, .new_location = true, .trusted_browser = true}));
  EXPECT_FALSE(second_factor_asked(rules, {.new_device = false, .new_location = false, .trusted_browser = true}));
}

TEST(second_factor_rules_test, the_default_asks_every_time_but_on_a_trusted_browser) {
  const second_factor_rules rules;
  EXPECT_TRUE(second_factor_asked(rules, {.new_device = false, .new_location = false, .trusted_browser = false}));
  EXPECT_FALSE(second_factor_asked(rules, {.new_device = true, .new_location = true, .trusted_browser = true}));
}

TEST(second_factor_rules_test, no_rule_at_all_is_not_a_choice) {
  EXPECT_FALSE(any_rule({.every_sign_in = false, .new_device = false, .new_location = false}));
  EXPECT_TRUE(any_rule({.every_sign_in = false, .new_device = false, .new_location = true}));
}

}  // namespace
}  // namespace twofold
