// Wire types of the HTTP API (twofold/api/messages.hpp): exact JSON text out,
// and request bodies in without ever throwing.
#include "twofold/api/messages.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace twofold::api {
namespace {

TEST(error_body_json, without_fields_has_no_fields_member) {
  const error_body body{"sign_in_failed", "error.sign_in_failed", "The company, account or password is incorrect.", {}, {}};
  EXPECT_EQ(to_json(body),
            R"({"error":{"code":"sign_in_failed","message_key":"error.sign_in_failed",)"
            R"("message":"The company, account or password is incorrect."}})");
}

TEST(error_body_json, lists_field_errors_in_order) {
  const error_body body{"validation_failed", "error.validation_failed", "请更正标出的字段。",
                        {{"company", "required", "validation.required"},
                         {"account", "invalid_account", "validation.invalid_account"}},
                        {}};
  EXPECT_EQ(to_json(body),
            R"({"error":{"code":"validation_failed","message_key":"error.validation_failed",)"
            R"("message":"请更正标出的字段。","fields":[)"
            R"({"field":"company","code":"required","message_key":"validation.required"},)"
            R"({"field":"account","code":"invalid_account","message_key":"validation.invalid_account"}]}})");
}

TEST(error_body_json, writes_its_counts_after_the_message) {
  const error_body body{"code_rejected", "error.code_rejected", "Wrong code.", {}, {{"attempts_left", 2}}};
  EXPECT_EQ(to_json(body), R"({"error":{"code":"code_rejected","message_key":"error.code_rejected",)"
                           R"("message":"Wrong code.","attempts_left":2}})");
}

TEST(error_body_json, escapes_quotes_and_control_characters) {
  const error_body body{"internal", "error.internal", "say \"hi\"\n\t\\", {}, {}};
  EXPECT_EQ(to_json(body),
            R"({"error":{"code":"internal","message_key":"error.internal","message":"say \"hi\"\n\t\\"}})");
}

TEST(parse_sign_in_request, reads_the_three_fields) {
  const auto form = parse_sign_in_request(R"({"company":"Acme","account":"alice","password":" p\u00e9 "})");
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->company, "Acme");
  EXPECT_EQ(form->account, "alice");
  EXPECT_EQ(form->password, " pé ");
}

TEST(parse_sign_in_request, reads_missing_fields_as_empty_and_ignores_unknown_ones) {
  const auto form = parse_sign_in_request(R"({"account":"alice","remember":true,"extra":{"a":[1]}})");
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->company, "");
  EXPECT_EQ(form->account, "alice");
  EXPECT_EQ(form->password, "");
}

TEST(parse_sign_in_request, keeps_escaped_nul_and_control_characters_for_validation_to_judge) {
  const auto form = parse_sign_in_request(R"({"company":"a\u0000b","account":"x\ty","password":"p"})");
  ASSERT_TRUE(form.has_value());
  EXPECT_EQ(form->company, std::string("a\0b", 3));
  EXPECT_EQ(form->account, "x\ty");
}

TEST(parse_sign_in_request, refuses_what_is_not_json) {
  for (const char* body : {"", " ", "{", R"({"company":"Acme")", "nul", "{company:1}", "{'a':'b'}",
                           R"({"company":"Acme"} x)", R"({"company":"\ud800"})", "{\"company\":\"\xc3\x28\"}"}) {
    const auto form = parse_sign_in_request(body);
    ASSERT_FALSE(form.has_value()) << body;
    EXPECT_EQ(form.error(), body_error::malformed_json) << body;
  }
}

TEST(parse_sign_in_request, refuses_json_that_is_not_an_object) {
  for (const char* body : {"[]", R"(["Acme","alice","pw"])", R"("Acme")", "42", "null", "true"}) {
    const auto form = parse_sign_in_request(body);
    ASSERT_FALSE(form.has_value()) << body;
    EXPECT_EQ(form.error(), body_error::not_an_object) << body;
  }
}

TEST(parse_sign_in_request, refuses_fields_that_are_not_strings) {
  for (const char* body : {R"({"company":1})", R"({"account":null})", R"({"password":["pw"]})",
                           R"({"company":"Acme","account":{"name":"alice"}})", R"({"password":false})"}) {
    const auto form = parse_sign_in_request(body);
    ASSERT_FALSE(form.has_value()) << body;
    EXPECT_EQ(form.error(), body_error::wrong_type) << body;
  }
}

TEST(parse_sign_in_request, survives_deep_nesting) {
  const std::string deep = "{\"x\":" + std::string(10000, '[') + std::string(10000, ']') + "}";
  EXPECT_TRUE(parse_sign_in_request(deep).has_value());
  const auto truncated = parse_sign_in_request(std::string(10000, '['));
  ASSERT_FALSE(truncated.has_value());
  EXPECT_EQ(truncated.error(), body_error::malformed_json);
}

TEST(user_view_json, has_the_documented_shape_and_home) {
  const user_view admin{7, "Demo", "admin", "admin@demo.example", "Demo Admin", "admin", "en"};
  EXPECT_EQ(to_json(admin),
            R"({"user":{"id":7,"company":"Demo","username":"admin","email":"admin@demo.example",)"
            R"("display_name":"Demo Admin","role":"admin","language":"en","time_zone":null},"home":"/admin/"})");
  const user_view agent{8, "示例", "agent", "agent@demo.example", "客服", "agent", "zh-CN", "Asia/Shanghai"};
  EXPECT_EQ(to_json(agent),
            R"({"user":{"id":8,"company":"示例","username":"agent","email":"agent@demo.example",)"
            R"("display_name":"客服","role":"agent","language":"zh-CN","time_zone":"Asia/Shanghai"},"home":"/agent/"})");
}

TEST(user_view_json, replaces_invalid_utf8_instead_of_throwing) {
  const user_view user{1, "Acme", "bob", "bob@example.com", "Bob\xff", "agent", "en"};
  EXPECT_NE(to_json(user).find("\"display_name\":\"Bob\xef\xbf\xbd\""), std::string::npos);  // U+FFFD
}

TEST(user_view_json, escapes_what_a_person_may_type_in_a_name) {
  const user_view user{2, "A \"B\" \\ C", "carol", "carol@example.com", "Carol\n\t\x01", "agent", "en"};
  const auto parsed = nlohmann::json::parse(to_json(user));
  EXPECT_EQ(parsed["user"]["company"], "A \"B\" \\ C");
  EXPECT_EQ(parsed["user"]["display_name"], "Carol\n\t\x01");
}

TEST(home_path, sends_each_role_to_its_console) {
  EXPECT_EQ(home_path("admin"), "/admin/");
  EXPECT_EQ(home_path("agent"), "/agent/");
}

TEST(home_path, sends_an_unknown_role_to_the_sign_in_page) {
  EXPECT_EQ(home_path(""), "/");
  EXPECT_EQ(home_path("Admin"), "/");
  EXPECT_EQ(home_path("owner"), "/");
}

}  // namespace
}  // namespace twofold::api
