// The typed 6-digit code (twofold/otp/code_format.hpp).
#include "twofold/otp/code_format.hpp"

#include <gtest/gtest.h>

namespace twofold::otp {
namespace {

std::string accepted(std::string_view typed) {
  const auto checked = normalize_code(typed);
  EXPECT_TRUE(checked.ok()) << typed;
  return checked.code;
}

field_errors refused(std::string_view typed) {
  const auto checked = normalize_code(typed);
  EXPECT_FALSE(checked.ok()) << typed;
  EXPECT_EQ(checked.code, "") << typed;
  return checked.errors;
}

field_errors one_error(std::string_view code) { return {{"code", std::string(code), "validation." + std::string(code)}}; }

TEST(code_format, accepts_six_digits) {
  EXPECT_EQ(accepted("123456"), "123456");
  EXPECT_EQ(accepted("000000"), "000000");
}

TEST(code_format, drops_spaces_and_dashes_people_type_or_paste) {
  EXPECT_EQ(accepted("123 456"), "123456");
  EXPECT_EQ(accepted("123-456"), "123456");
  EXPECT_EQ(accepted(" 1 2 3 4 5 6 "), "123456");
  EXPECT_EQ(accepted("\t123456\r\n"), "123456");
  EXPECT_EQ(accepted("123\xc2\xa0" "456"), "123456");      // no-break space
  EXPECT_EQ(accepted("123\xe2\x80\x93" "456"), "123456");  // en dash
  EXPECT_EQ(accepted("123\xe3\x80\x80" "456"), "123456");  // ideographic space
  EXPECT_EQ(accepted("--123456--"), "123456");
}

TEST(code_format, folds_full_width_digits_from_cjk_input_methods) {
  EXPECT_EQ(accepted("\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x94\xef\xbc\x95\xef\xbc\x96"), "123456");  // １２３４５６
  EXPECT_EQ(accepted("123\xef\xbc\x8d" "456"), "123456");  // full-width hyphen
}

TEST(code_format, requires_a_code) {
  EXPECT_EQ(refused(""), one_error("required"));
  EXPECT_EQ(refused("   "), one_error("required"));
  EXPECT_EQ(refused(" - "), one_error("required"));
}

TEST(code_format, refuses_anything_but_digits) {
  for (const char* typed : {"12345a", "123.456", "12345\x01", "1234567O", "\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4\xd9\xa5\xd9\xa6",
                            "+123456", "123_456", "¹²³⁴⁵⁶"}) {
    EXPECT_EQ(refused(typed), one_error("not_digits")) << typed;
  }
}

TEST(code_format, refuses_other_lengths) {
  for (const char* typed : {"1", "12345", "1234567", "12345678", "123 4567"}) {
    EXPECT_EQ(refused(typed), one_error("not_six_digits")) << typed;
  }
}

TEST(code_format, refuses_invalid_utf8_first) {
  EXPECT_EQ(refused("123\xff" "456"), one_error("invalid_utf8"));
  EXPECT_EQ(refused("\xc0\xb1"), one_error("invalid_utf8"));  // overlong '1'
}

TEST(code_format, names_the_given_field) {
  const auto checked = normalize_code("12", "email_code");
  EXPECT_EQ(checked.errors, (field_errors{{"email_code", "not_six_digits", "validation.not_six_digits"}}));
}

}  // namespace
}  // namespace twofold::otp
