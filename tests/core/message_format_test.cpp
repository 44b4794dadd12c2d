// Messages with values and plurals (twofold/i18n/message_format.hpp): the
// ICU MessageFormat subset, the CLDR rules it selects by, and what happens
// to missing values and malformed patterns.
#include "twofold/i18n/message_format.hpp"

#include <gtest/gtest.h>

#include <string>

namespace twofold::i18n {
namespace {

const std::string minutes = "{n, plural, one {# minute} other {# minutes}}";

std::string english(std::string_view pattern, const message_arguments& args = {}) {
  return format_pattern(language::en, pattern, args);
}

std::string chinese(std::string_view pattern, const message_arguments& args = {}) {
  return format_pattern(language::zh_cn, pattern, args);
}

// `depth` plurals, each inside the other's branch, around a '#'.
std::string nested_plurals(int depth) {
  return depth == 0 ? "#" : "{n, plural, other {" + nested_plurals(depth - 1) + "}}";
}

// --- Placeholders --------------------------------------------------------------

TEST(message_format, fills_placeholders_with_strings_and_integers) {
  EXPECT_EQ(english("Signed in as {name}", {{"name", "Ann"}}), "Signed in as Ann");
  EXPECT_EQ(chinese("尝试次数过多，请在 {seconds} 秒后重试。", {{"seconds", 30}}), "尝试次数过多，请在 30 秒后重试。");
  EXPECT_EQ(english("{a}{b}{a}", {{"a", 1}, {"b", std::int64_t{-2}}}), "1-21");
  EXPECT_EQ(english("{big}", {{"big", std::int64_t{1'000'000'000'000}}}), "1000000000000") << "no grouping";
  EXPECT_EQ(english("{ name }", {{"name", "Ann"}}), "Ann") << "space around the name";
  EXPECT_EQ(english("No placeholders at all."), "No placeholders at all.");
  EXPECT_EQ(english(""), "");
}

TEST(message_format, leaves_placeholders_without_values_as_written) {
  EXPECT_EQ(english("{field} is required."), "{field} is required.");
  EXPECT_EQ(english("{field} is required.", {{"other", "x"}}), "{field} is required.");
  EXPECT_EQ(english("{ field } and {name}", {{"name", "Ann"}}), "{ field } and Ann");
}

TEST(message_format, inserts_values_literally) {
  EXPECT_EQ(english("{x}", {{"x", "{y} # $1 } {"}, {"y", "no"}}), "{y} # $1 } {");
  EXPECT_EQ(english("{n, plural, other {# items}}", {{"n", "{x}"}}), "{x} items");
}

TEST(message_format, the_first_of_arguments_with_one_name_counts) {
  EXPECT_EQ(english("{a}", {{"a", "first"}, {"a", "second"}}), "first");
}

TEST(message_format, a_hash_outside_plurals_is_text) {
  EXPECT_EQ(english("#{n} of # ##", {{"n", 3}}), "#3 of # ##");
}

// --- Plurals ---------------------------------------------------------------------

TEST(message_format, english_plurals_follow_cldr) {
  for (const auto& [count, text] : std::vector<std::pair<std::int64_t, std::string>>{
           {0, "0 minutes"}, {1, "1 minute"}, {2, "2 minutes"}, {5, "5 minutes"}, {21, "21 minutes"},
           {100, "100 minutes"}, {-1, "-1 minute"}, {-2, "-2 minutes"}}) {
    EXPECT_EQ(english(minutes, {{"n", count}}), text) << count;
  }
}

TEST(message_format, chinese_plurals_always_take_other) {
  const std::string pattern = "{n, plural, one {# 一} other {# 其他}}";
  for (const std::int64_t count : {0, 1, 2, 5, 21, 100, -1}) {
    EXPECT_EQ(chinese(pattern, {{"n", count}}), std::to_string(count) + " 其他") << count;
  }
}

TEST(message_format, exact_matches_come_before_categories) {
  const std::string pattern = "{n, plural, one {# code} other {# codes} =0 {no codes} =1 {a single code} =-1 {minus one}}";
  EXPECT_EQ(english(pattern, {{"n", 0}}), "no codes");
  EXPECT_EQ(english(pattern, {{"n", 1}}), "a single code");
  EXPECT_EQ(english(pattern, {{"n", 2}}), "2 codes");
  EXPECT_EQ(english(pattern, {{"n", -1}}), "minus one");
  EXPECT_EQ(chinese(pattern, {{"n", 0}}), "no codes") << "exact matches hold in every language";
  EXPECT_EQ(chinese(pattern, {{"n", 1}}), "a single code");
}

TEST(message_format, categories_a_language_does_not_use_are_never_chosen) {
  const std::string pattern = "{n, plural, zero {zero} two {two} few {few} many {many} other {other #}}";
  EXPECT_EQ(english(pattern, {{"n", 0}}), "other 0");
  EXPECT_EQ(english(pattern, {{"n", 2}}), "other 2");
}

TEST(message_format, a_string_holding_a_decimal_integer_counts_like_the_number) {
  EXPECT_EQ(english(minutes, {{"n", "1"}}), "1 minute");
  EXPECT_EQ(english(minutes, {{"n", "-1"}}), "-1 minute");
  EXPECT_EQ(english(minutes, {{"n", "01"}}), "01 minute") << "# writes the value as given";
  EXPECT_EQ(english("{n, plural, =7 {seven} other {#}}", {{"n", "007"}}), "seven");
  EXPECT_EQ(english(minutes, {{"n", "2"}}), "2 minutes");
}

TEST(message_format, any_other_string_takes_other) {
  for (const char* value : {"x", "", "+1", " 1", "1 ", "1.0", "1e0", "one", "9223372036854775808", "-"}) {
    EXPECT_EQ(english(minutes, {{"n", value}}), std::string(value) + " minutes") << value;
  }
  EXPECT_EQ(english("{n, plural, =1 {one exactly} other {#}}", {{"n", "1.0"}}), "1.0");
}

TEST(message_format, the_hash_is_the_number_of_the_innermost_plural) {
  const std::string pattern =
      "{a, plural, one {# a} other {# as and {b, plural, one {# b} other {# bs}}, then # as again}}";
  EXPECT_EQ(english(pattern, {{"a", 1}, {"b", 5}}), "1 a");
  EXPECT_EQ(english(pattern, {{"a", 2}, {"b", 1}}), "2 as and 1 b, then 2 as again");
}

TEST(message_format, branches_hold_placeholders_and_keep_inner_braces_balanced) {
  const std::string pattern = "{count, plural, one {{name} has # code} other {{name} has # codes, {name}!}}";
  EXPECT_EQ(english(pattern, {{"count", 1}, {"name", "Ann"}}), "Ann has 1 code");
  EXPECT_EQ(english(pattern, {{"count", 3}, {"name", "Ann"}}), "Ann has 3 codes, Ann!");
  EXPECT_EQ(english(pattern, {{"count", 3}}), "{name} has 3 codes, {name}!");
}

TEST(message_format, a_plural_without_its_argument_is_left_as_written) {
  EXPECT_EQ(english("Wait " + minutes + ".", {{"m", 3}}), "Wait " + minutes + ".");
}

TEST(message_format, space_may_surround_names_keywords_and_branches) {
  const std::string pattern = "{ n ,plural,\n  one{# day}\tother   {# days} }";
  EXPECT_EQ(english(pattern, {{"n", 1}}), "1 day");
  EXPECT_EQ(english(pattern, {{"n", 4}}), "4 days");
}

// --- Malformed patterns ----------------------------------------------------------------

struct malformed_case {
  std::string pattern;
  pattern_error error;
};

TEST(message_format, malformed_patterns_are_returned_as_written_and_say_why) {
  using enum pattern_error;
  const std::vector<malformed_case> cases{
      {"{n", unbalanced_brace},
      {"{", unbalanced_brace},
      {"n}", unbalanced_brace},
      {"text } more", unbalanced_brace},
      {"{n, plural, one {x} other {y}", unbalanced_brace},
      {"{n, plural, other {x", unbalanced_brace},
      {"{n, plural, other {x}}}", unbalanced_brace},
      {"{n, plural, other {{m}}", unbalanced_brace},
      {"{n, plural,", unbalanced_brace},
      {"{}", invalid_argument},
      {"{ }", invalid_argument},
      {"{n-m}", invalid_argument},
      {"{{n}}", invalid_argument},
      {"{n plural, other {x}}", invalid_argument},
      {"{n,}", invalid_argument},
      {"{n, plural other {x}}", invalid_argument},
      {"{名字}", invalid_argument},
      {"{n, select, other {x}}", unsupported_type},
      {"{n, number}", unsupported_type},
      {"{n, Plural, other {x}}", unsupported_type},
      {"{n, plural, other {x} junk}", invalid_branch},
      {"{n, plural, other {x} =}", invalid_branch},
      {"{n, plural, =1.5 {x} other {y}}", invalid_branch},
      {"{n, plural, =+1 {x} other {y}}", invalid_branch},
      {"{n, plural, One {x} other {y}}", invalid_branch},
      {"{n, plural, few other {y}}", invalid_branch},
      {"{n, plural, {x} other {y}}", invalid_branch},
      {"{n, plural, other {x} other {y}}", invalid_branch},
      {"{n, plural, =1 {x} =01 {y} other {z}}", invalid_branch},
      {"{n, plural, one {x}}", missing_other},
      {"{n, plural,}", missing_other},
      {"{n, plural, =0 {x} other {{m, plural, one {y}}}}", missing_other},
  };
  for (const auto& [pattern, error] : cases) {
    const auto parsed = pattern_arguments(pattern);
    ASSERT_FALSE(parsed) << pattern;
    EXPECT_EQ(parsed.error(), error) << pattern;
    EXPECT_EQ(english(pattern, {{"n", 1}, {"m", 2}}), pattern);
    EXPECT_EQ(chinese(pattern, {{"n", 1}, {"m", 2}}), pattern);
  }
}

TEST(message_format, one_malformed_part_leaves_the_whole_pattern_as_written) {
  const std::string pattern = "Hello {name}, " + minutes + " {n, plural, one {x}}";
  EXPECT_EQ(english(pattern, {{"name", "Ann"}, {"n", 1}}), pattern);
}

TEST(message_format, plurals_nest_up_to_the_cap) {
  const auto deepest = nested_plurals(max_plural_nesting);
  EXPECT_EQ(english(deepest, {{"n", 7}}), "7");
  EXPECT_TRUE(pattern_arguments(deepest));
  const auto too_deep = nested_plurals(max_plural_nesting + 1);
  EXPECT_EQ(pattern_arguments(too_deep).error(), pattern_error::too_deep);
  EXPECT_EQ(english(too_deep, {{"n", 7}}), too_deep);
}

TEST(message_format, huge_nesting_is_refused_without_exhausting_the_stack) {
  std::string open_plurals;
  for (int i = 0; i < 100'000; ++i) open_plurals += "{n, plural, other {";
  EXPECT_EQ(pattern_arguments(open_plurals).error(), pattern_error::too_deep);
  const std::string braces(200'000, '{');
  EXPECT_EQ(english(braces, {{"n", 1}}), braces);
}

// --- Arguments and the catalog ---------------------------------------------------------

TEST(message_format, lists_the_arguments_a_pattern_reads) {
  const auto names = pattern_arguments("{b} {a, plural, one {{c}} other {{b}{d, plural, other {#}}}} {b}");
  ASSERT_TRUE(names);
  EXPECT_EQ(*names, (std::set<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(*pattern_arguments("plain # text"), std::set<std::string>{});
}

TEST(message_format, format_fills_a_catalog_text_in_its_language) {
  EXPECT_EQ(format(language::en, "console.signed_in_as", {{"name", "Ann"}}), "Signed in as Ann");
  EXPECT_EQ(format(language::zh_cn, "console.signed_in_as", {{"name", "Ann"}}),
            format_pattern(language::zh_cn, translate(language::zh_cn, "console.signed_in_as"), {{"name", "Ann"}}));
  EXPECT_EQ(format(language::en, "sign_in.title"), "Sign in");
  EXPECT_EQ(format(language::zh_cn, "no.such.key", {{"name", "Ann"}}), "no.such.key");
}

}  // namespace
}  // namespace twofold::i18n
