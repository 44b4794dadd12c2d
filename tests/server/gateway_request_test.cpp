// What an HTTP SMS gateway is sent (sms/gateway_request.hpp): the operator's
// template with {to} and {text} filled in, each encoded for its body, so no
// message can break out of its place; the secret in its own header.
#include "sms/gateway_request.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace twofold::server::testing {
namespace {

TEST(gateway_request, a_json_template_gets_json_string_escapes) {
  const auto body = filled_body(gateway_body::json, R"({"to":"{to}","text":"{text}","from":"Acme"})", "+447700900123",
                                "Code \"1\"\n\\ {to} 验证码");
  const auto parsed = nlohmann::json::parse(body);
  EXPECT_EQ(parsed["to"], "+447700900123");
  EXPECT_EQ(parsed["text"], "Code \"1\"\n\\ {to} 验证码") << "a placeholder inside the text stays text";
  EXPECT_EQ(parsed["from"], "Acme");
}

TEST(gateway_request, a_form_template_gets_form_encoding) {
  EXPECT_EQ(filled_body(gateway_body::form, "To={to}&From=%2B15005550006&Body={text}", "+447700900123", "a&b=c d"),
            "To=%2B447700900123&From=%2B15005550006&Body=a%26b%3Dc%20d");
}

TEST(gateway_request, the_secret_goes_in_its_header_and_none_without_one) {
  gateway_settings settings{.url = "https://sms.example/send",
                            .body = gateway_body::json,
                            .body_template = R"({"to":"{to}","text":"{text}"})",
                            .auth_header = "X-Api-Key",
                            .auth = "k3y"};
  auto request = gateway_request_for(settings, "+447700900123", "hi");
  EXPECT_EQ(request.url, "https://sms.example/send");
  EXPECT_EQ(request.post.content_type, "application/json; charset=utf-8");
  EXPECT_NE(std::find(request.post.headers.begin(), request.post.headers.end(), "X-Api-Key: k3y"),
            request.post.headers.end());
  settings.auth.clear();
  request = gateway_request_for(settings, "+447700900123", "hi");
  EXPECT_EQ(std::count_if(request.post.headers.begin(), request.post.headers.end(),
                          [](const std::string& header) { return header.starts_with("X-Api-Key"); }),
            0);
}

}  // namespace
}  // namespace twofold::server::testing
