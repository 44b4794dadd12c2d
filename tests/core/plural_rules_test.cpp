// CLDR cardinal plural categories (twofold/i18n/plural_rules.hpp).
#include "twofold/i18n/plural_rules.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

namespace twofold::i18n {
namespace {

constexpr auto int64_min = std::numeric_limits<std::int64_t>::min();
constexpr auto int64_max = std::numeric_limits<std::int64_t>::max();

std::vector<plural_category> categories(language lang, const std::vector<std::int64_t>& counts) {
  std::vector<plural_category> found;
  for (const auto count : counts) found.push_back(plural_category_of(lang, count));
  return found;
}

TEST(plural_rules, english_is_one_for_exactly_one_and_other_for_everything_else) {
  using enum plural_category;
  EXPECT_EQ(categories(language::en, {0, 1, 2, 5, 11, 21, 100, 101}),
            (std::vector{other, one, other, other, other, other, other, other}));
}

TEST(plural_rules, english_reads_the_absolute_value_of_negative_counts) {
  using enum plural_category;
  EXPECT_EQ(categories(language::en, {-1, -2, -21, int64_min, int64_max}), (std::vector{one, other, other, other, other}));
}

TEST(plural_rules, chinese_is_always_other) {
  using enum plural_category;
  EXPECT_EQ(categories(language::zh_cn, {0, 1, 2, 5, 21, 100, -1, int64_min, int64_max}),
            (std::vector{other, other, other, other, other, other, other, other, other}));
}

TEST(plural_rules, categories_have_cldr_names_that_read_back) {
  const std::vector<std::pair<plural_category, std::string_view>> expected{
      {plural_category::zero, "zero"}, {plural_category::one, "one"},   {plural_category::two, "two"},
      {plural_category::few, "few"},   {plural_category::many, "many"}, {plural_category::other, "other"}};
  for (const auto& [category, name] : expected) {
    EXPECT_EQ(plural_category_name(category), name);
    EXPECT_EQ(parse_plural_category(name), category) << name;
  }
}

TEST(plural_rules, only_the_exact_lower_case_names_are_categories) {
  for (const char* name : {"", "One", "OTHER", "others", " one", "one ", "=1", "1", "plural"}) {
    EXPECT_EQ(parse_plural_category(name), std::nullopt) << name;
  }
}

}  // namespace
}  // namespace twofold::i18n
