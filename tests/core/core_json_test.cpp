// The core's JSON door (twofold/api/core_json.hpp), which the wasm module and
// the native CLI both answer through.
#include "twofold/api/core_json.hpp"

#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "sign_in_vectors.hpp"
#include "twofold/i18n/catalog.hpp"

namespace twofold::api {
namespace {

constexpr const char* bad_request = R"({"error":{"code":"bad_request","message_key":"error.bad_request"}})";

bool is_valid_json_text(const std::string& text) { return nlohmann::json::accept(text); }

TEST(call_core, answers_every_shared_vector) {
  for (const auto& vector : test::sign_in_vectors()) {
    SCOPED_TRACE(vector.name);
    const auto request = test::raw_sign_in_request(vector.form);
    const auto answer = call_core("validate_sign_in", request);
    if (is_valid_json_text(request)) {
      EXPECT_EQ(nlohmann::json::parse(answer), vector.expect);
    } else {
      // Invalid UTF-8 cannot travel in JSON: the door refuses it whole.
      EXPECT_EQ(answer, bad_request);
    }
  }
}

TEST(call_core, writes_validation_answers_in_the_documented_key_order) {
  EXPECT_EQ(call_core("validate_sign_in", R"({"company":" Acme ","account":"Alice","password":"pw"})"),
            R"({"ok":true,"errors":[],"normalized":{"company":"Acme","account":"alice","password":"pw"},)"
            R"("account_kind":"username"})");
  EXPECT_EQ(call_core("validate_sign_in", R"({"company":"Acme","account":"a@b","password":""})"),
            R"({"ok":false,"errors":[{"field":"password","code":"required","message_key":"validation.required"}],)"
            R"("normalized":null,"account_kind":null})");
}

TEST(call_core, reads_missing_sign_in_fields_as_empty) {
  const auto answer = nlohmann::json::parse(call_core("validate_sign_in", "{}"));
  EXPECT_EQ(answer.at("errors").size(), 3u);
}

TEST(call_core, refuses_malformed_sign_in_requests) {
  for (const char* request : {"", "{", "[]", R"({"company":1})", R"({"password":null})", "\"x\""}) {
    EXPECT_EQ(call_core("validate_sign_in", request), bad_request) << request;
  }
}

TEST(call_core, lists_languages) {
  EXPECT_EQ(call_core("languages", "{}"),
            R"({"languages":[{"tag":"en","native_name":"English"},{"tag":"zh-CN","native_name":"简体中文"}],)"
            R"("default":"en"})");
  EXPECT_EQ(call_core("languages", "[]"), bad_request);
  EXPECT_EQ(call_core("languages", ""), bad_request);
}

nlohmann::json expected_catalog(i18n::language lang) {
  nlohmann::json messages = nlohmann::json::object();
  for (const auto& message : i18n::all_messages(lang)) messages[std::string(message.key)] = message.text;
  return {{"language", i18n::language_tag(lang)}, {"messages", messages}};
}

TEST(call_core, gives_the_catalog_of_a_language) {
  EXPECT_EQ(nlohmann::json::parse(call_core("catalog", R"({"language":"zh-CN"})")), expected_catalog(i18n::language::zh_cn));
  EXPECT_EQ(nlohmann::json::parse(call_core("catalog", R"({"language":"zh-cn"})")), expected_catalog(i18n::language::zh_cn));
  EXPECT_EQ(nlohmann::json::parse(call_core("catalog", R"({"language":"en"})")), expected_catalog(i18n::language::en));
}

TEST(call_core, gives_the_default_catalog_for_an_unknown_or_missing_language) {
  const auto english = expected_catalog(i18n::default_language);
  EXPECT_EQ(nlohmann::json::parse(call_core("catalog", R"({"language":"fr"})")), english);
  EXPECT_EQ(nlohmann::json::parse(call_core("catalog", R"({"language":"zh-TW"})")), english);
  EXPECT_EQ(nlohmann::json::parse(call_core("catalog", "{}")), english);
}

TEST(call_core, refuses_a_catalog_language_that_is_not_a_string) {
  EXPECT_EQ(call_core("catalog", R"({"language":1})"), bad_request);
  EXPECT_EQ(call_core("catalog", R"({"language":null})"), bad_request);
  EXPECT_EQ(call_core("catalog", "zh-CN"), bad_request);
}

TEST(call_core, formats_a_catalog_message_in_a_language) {
  EXPECT_EQ(call_core("format_message", R"({"language":"en","key":"error.lock_warning","args":{"count":1}})"),
            R"({"language":"en","text":"You have 1 login attempt before your account is locked."})");
  EXPECT_EQ(call_core("format_message", R"({"language":"zh-cn","key":"error.lock_warning","args":{"count":"2"}})"),
            R"({"language":"zh-CN","text":"您还有 2 次登录尝试机会，之后账号将被锁定。"})");
  EXPECT_EQ(call_core("format_message", R"({"key":"console.signed_in_as","args":{"name":"Ann","extra":-7}})"),
            R"({"language":"en","text":"Signed in as Ann"})");
  EXPECT_EQ(call_core("format_message", R"({"language":"fr","key":"no.such.key"})"),
            R"({"language":"en","text":"no.such.key"})");
}

TEST(call_core, formats_a_pattern_and_leaves_missing_values_as_written) {
  EXPECT_EQ(call_core("format_message", R"({"language":"en","pattern":"{n, plural, =0 {none} one {# day} other {# days}} for {who}","args":{"n":0}})"),
            R"({"language":"en","text":"none for {who}"})");
  EXPECT_EQ(call_core("format_message", R"({"pattern":"{n, plural, one {# day} other {# days}}","args":{"n":9223372036854775807}})"),
            R"({"language":"en","text":"9223372036854775807 days"})");
  EXPECT_EQ(call_core("format_message", R"({"pattern":"{n, plural, one {x}}","args":{"n":1}})"),
            R"({"language":"en","text":"{n, plural, one {x}}"})")
      << "a malformed pattern comes back as written";
}

TEST(call_core, refuses_malformed_format_requests) {
  for (const char* request : {
           "", "[]", "{}", R"({"language":"en"})", R"({"key":"a","pattern":"b"})", R"({"key":1})", R"({"pattern":null})",
           R"({"key":"a","language":1})", R"({"key":"a","args":[]})", R"({"key":"a","args":null})",
           R"({"key":"a","args":{"n":1.5}})", R"({"key":"a","args":{"n":true}})", R"({"key":"a","args":{"n":null}})",
           R"({"key":"a","args":{"n":{}}})", R"({"key":"a","args":{"n":9223372036854775808}})"}) {
    EXPECT_EQ(call_core("format_message", request), bad_request) << request;
  }
}

TEST(call_core, says_whether_backup_codes_run_low_with_the_status_text) {
  EXPECT_EQ(call_core("backup_codes_status", R"({"unused":2,"total":10})"),
            R"({"language":"en","running_low":true,"text":"2 of 10 codes unused"})");
  EXPECT_EQ(call_core("backup_codes_status", R"({"language":"zh-CN","unused":3,"total":10})"),
            R"({"language":"zh-CN","running_low":false,"text":"共 10 个验证码，3 个未使用"})");
  EXPECT_EQ(call_core("backup_codes_status", R"({"unused":0,"total":1})"),
            R"({"language":"en","running_low":true,"text":"0 of 1 code unused"})");
}

TEST(call_core, refuses_malformed_backup_code_counts) {
  for (const char* request : {"", "{}", R"({"unused":1})", R"({"total":1})", R"({"unused":3,"total":2})",
                              R"({"unused":-1,"total":2})", R"({"unused":1,"total":2147483648})",
                              R"({"unused":"1","total":2})", R"({"unused":1,"total":2,"language":7})"}) {
    EXPECT_EQ(call_core("backup_codes_status", request), bad_request) << request;
  }
}

TEST(call_core, refuses_unknown_functions) {
  const auto unknown = R"({"error":{"code":"unknown_function","message_key":"error.bad_request"}})";
  EXPECT_EQ(call_core("", "{}"), unknown);
  EXPECT_EQ(call_core("Validate_Sign_In", "{}"), unknown);
  EXPECT_EQ(call_core(std::string_view("languages\0", 10), "{}"), unknown);
}

TEST(call_core, refuses_requests_over_the_size_limit) {
  const auto too_large = R"({"error":{"code":"too_large","message_key":"error.bad_request"}})";
  const std::string at_limit = "{}" + std::string(max_request_bytes - 2, ' ');
  EXPECT_EQ(call_core("languages", at_limit).find("error"), std::string::npos);
  EXPECT_EQ(call_core("languages", at_limit + " "), too_large);
  EXPECT_EQ(call_core("no_such_function", at_limit + " "), too_large);
}

}  // namespace
}  // namespace twofold::api
