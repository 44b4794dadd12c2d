// JSON from outside parsed within limits (runtime/bounded_json.hpp): what
// would cost many times its size is refused before anything is built, what
// is within the limits comes back whole.
#include <gtest/gtest.h>

#include <string>

#include "runtime/bounded_json.hpp"

namespace twofold::server::testing {
namespace {

constexpr std::size_t one_mib = 1024 * 1024;

std::string nested_arrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// "[0,0,...,0]" with `count` zeros: count + 1 values.
std::string flat_array(std::size_t count) {
  std::string text = "[";
  for (std::size_t i = 0; i < count; ++i) text += i == 0 ? "0" : ",0";
  return text + "]";
}

TEST(bounded_json, refuses_a_mebibyte_of_open_brackets_as_too_complex) {
  const auto parsed = parse_bounded_json(std::string(one_mib, '['));
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error(), json_refusal::too_complex);
  const auto balanced = parse_bounded_json(nested_arrays(one_mib / 2));
  ASSERT_FALSE(balanced.has_value());
  EXPECT_EQ(balanced.error(), json_refusal::too_complex);
}

TEST(bounded_json, takes_nesting_up_to_the_depth_limit) {
  const json_limits limits;
  EXPECT_TRUE(parse_bounded_json(nested_arrays(limits.max_depth)).has_value());
  const auto deeper = parse_bounded_json(nested_arrays(limits.max_depth + 1));
  ASSERT_FALSE(deeper.has_value());
  EXPECT_EQ(deeper.error(), json_refusal::too_complex);
  std::string objects;
  for (std::size_t i = 0; i <= limits.max_depth; ++i) objects += R"({"a":)";
  objects += "1" + std::string(limits.max_depth + 1, '}');
  EXPECT_EQ(parse_bounded_json(objects).error(), json_refusal::too_complex) << "objects nest as arrays do";
}

TEST(bounded_json, refuses_many_small_values) {
  const json_limits limits;
  EXPECT_TRUE(parse_bounded_json(flat_array(limits.max_values - 1)).has_value()) << "the array itself is a value";
  const auto many = parse_bounded_json(flat_array(limits.max_values));
  ASSERT_FALSE(many.has_value());
  EXPECT_EQ(many.error(), json_refusal::too_complex);
  std::string members = "{";
  for (std::size_t i = 0; i < limits.max_values; ++i) members += (i == 0 ? "\"" : ",\"") + std::to_string(i) + "\":{}";
  EXPECT_EQ(parse_bounded_json(members + "}").error(), json_refusal::too_complex);
  EXPECT_EQ(parse_bounded_json(flat_array(one_mib / 2)).error(), json_refusal::too_complex);
}

TEST(bounded_json, takes_big_strings_whole) {
  const std::string password(one_mib, 'x');
  const auto parsed = parse_bounded_json(R"({"company":"Demo","password":")" + password + "\"}");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ((*parsed)["password"].get<std::string>(), password);
}

TEST(bounded_json, takes_a_usual_body_as_it_is) {
  const auto parsed = parse_bounded_json(
      R"({"company":"Demo","account":"admin","password":"violet tractor","remember":true,"codes":[1,2.5,null,"x"]})");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ((*parsed)["account"], "admin");
  EXPECT_EQ((*parsed)["codes"].size(), 4U);
  EXPECT_EQ(parse_bounded_json("7").value(), 7) << "any JSON value";
}

TEST(bounded_json, tells_malformed_text_from_too_complex) {
  for (const std::string_view text : {"", "{", "not json", "{\"a\":1}x", "[1,]", "\"\xff\""}) {
    const auto parsed = parse_bounded_json(text);
    ASSERT_FALSE(parsed.has_value()) << text;
    EXPECT_EQ(parsed.error(), json_refusal::malformed) << text;
  }
}

TEST(bounded_json, follows_the_limits_it_is_given) {
  const json_limits tight{.max_depth = 2, .max_values = 4};
  EXPECT_TRUE(parse_bounded_json("[[1,2]]", tight).has_value());
  EXPECT_EQ(parse_bounded_json("[[[]]]", tight).error(), json_refusal::too_complex);
  EXPECT_EQ(parse_bounded_json("[1,2,3,4]", tight).error(), json_refusal::too_complex);
}

}  // namespace
}  // namespace twofold::server::testing
