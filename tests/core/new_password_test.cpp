// validate_new_password (twofold/validation/new_password.hpp): the shared
// vectors through the core's door, in both builds, and the blocklist step,
// which only a caller with a list (the server) takes.
#include "twofold/validation/new_password.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "twofold/api/core_json.hpp"
#include "twofold/test_data.hpp"

namespace twofold {
namespace {

std::vector<std::string> codes_of(const field_errors& errors) {
  std::vector<std::string> codes;
  for (const auto& error : errors) codes.push_back(error.field + ":" + error.code);
  return codes;
}

TEST(new_password, answers_every_shared_vector_through_the_core_door) {
  const auto vectors = nlohmann::json::parse(test_data::new_password_vectors_json);
  ASSERT_GE(vectors.at("cases").size(), 20U);
  for (const auto& vector : vectors.at("cases")) {
    const auto answer = nlohmann::json::parse(api::call_core("validate_new_password", vector.at("request").dump()));
    EXPECT_EQ(answer, vector.at("expect")) << vector.at("name").get<std::string>();
  }
}

TEST(new_password, door_refuses_a_request_without_a_password_string) {
  for (const auto* request : {"{}", R"({"password":1})", R"({"password":"abcdefgh","username":[]})", "[]"}) {
    EXPECT_EQ(nlohmann::json::parse(api::call_core("validate_new_password", request)).at("error").at("code"),
              "bad_request")
        << request;
  }
}

// A sorted list the way the server keeps one.
new_password_checks with_blocklist(std::vector<std::string> words, password_context context = {}) {
  std::sort(words.begin(), words.end());
  return {.context = context, .is_blocklisted = [words = std::move(words)](std::string_view key) {
            return std::binary_search(words.begin(), words.end(), key);
          }};
}

TEST(new_password, refuses_what_the_blocklist_holds_ignoring_ascii_case) {
  const auto checks = with_blocklist({"password1", "qwertyuiop", "elephant"});
  EXPECT_EQ(codes_of(validate_new_password("password1", "password", checks)),
            std::vector<std::string>{"password:common_password"});
  EXPECT_EQ(codes_of(validate_new_password("QwertyUIOP", "temporary_password", checks)),
            std::vector<std::string>{"temporary_password:common_password"});
  EXPECT_EQ(codes_of(validate_new_password("Elephant", "password", checks)),
            std::vector<std::string>{"password:common_password"});
  EXPECT_TRUE(validate_new_password("elephant-carrot-7", "password", checks).empty()) << "only the whole password";
  EXPECT_TRUE(validate_new_password("password1", "password").empty()) << "no lookup, no blocklist step";
}

TEST(new_password, asks_the_blocklist_only_once_the_rest_holds_and_with_the_key) {
  std::vector<std::string> asked;
  const new_password_checks checks{.context = {.username = "dana", .email = "", .company_name = ""},
                                   .is_blocklisted = [&](std::string_view key) {
                                     asked.emplace_back(key);
                                     return false;
                                   }};
  EXPECT_EQ(codes_of(validate_new_password("short", "password", checks)), std::vector<std::string>{"password:too_short"});
  EXPECT_EQ(codes_of(validate_new_password("DANA-1234", "password", checks)),
            std::vector<std::string>{"password:contains_account_details"});
  EXPECT_TRUE(validate_new_password("Zebra-Mango-42", "password", checks).empty());
  EXPECT_EQ(asked, std::vector<std::string>{"zebra-mango-42"});
}

TEST(new_password, blocklist_key_lowers_ascii_letters_only) {
  EXPECT_EQ(password_blocklist_key("PassWord1"), "password1");
  EXPECT_EQ(password_blocklist_key("ÄBC密码"), "Äbc密码") << "other bytes as they are";
}

}  // namespace
}  // namespace twofold
