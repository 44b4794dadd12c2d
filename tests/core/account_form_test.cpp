// validate_account: the rules of twofold/validation/account_form.hpp, one
// case per rule (new passwords: new_password_test.cpp).
#include "twofold/validation/account_form.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace twofold {
namespace {

std::vector<std::string> codes_of(const field_errors& errors) {
  std::vector<std::string> codes;
  for (const auto& error : errors) codes.push_back(error.field + ":" + error.code);
  return codes;
}

TEST(account, is_normalized_like_sign_in) {
  const auto checked = validate_account(
      {.display_name = "  Dana New ", .username = " Dana.N ", .email = "Dana@Acme.Example", .role = "agent", .language = "zh-cn"});
  ASSERT_TRUE(checked.ok()) << codes_of(checked.errors).front();
  EXPECT_EQ(checked.normalized.display_name, "Dana New");
  EXPECT_EQ(checked.normalized.username, "dana.n");
  EXPECT_EQ(checked.normalized.email, "dana@acme.example");
  EXPECT_EQ(checked.normalized.language, "zh-CN");
  EXPECT_EQ(validate_account({.display_name = "D", .username = "d", .email = "d@x.example", .role = "admin", .language = ""})
                .normalized.language,
            "");
}

TEST(account, reports_one_error_per_field_in_field_order) {
  const auto checked = validate_account(
      {.display_name = "\t", .username = "dana@acme.example", .email = "dana", .role = "owner", .language = "fr"});
  EXPECT_EQ(codes_of(checked.errors),
            (std::vector<std::string>{"display_name:required", "username:invalid_username", "email:invalid_email",
                                      "role:invalid_choice", "language:invalid_choice"}));
  EXPECT_EQ(codes_of(validate_account({.display_name = std::string(101, 'x'),
                                       .username = std::string(65, 'x'),
                                       .email = "a\x01@x.example",
                                       .role = "agent",
                                       .language = ""})
                         .errors),
            (std::vector<std::string>{"display_name:too_long", "username:too_long", "email:control_characters"}));
}

}  // namespace
}  // namespace twofold
