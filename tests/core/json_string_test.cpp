// A JSON string written without a JSON tree reads back as the text it was
// given, whatever bytes that text holds.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "twofold/text/json_string.hpp"

namespace twofold::text {
namespace {

std::string quoted(std::string_view text) {
  std::string out = "prefix ";
  append_json_string(out, text);
  return out.substr(7);
}

TEST(json_string, reads_back_as_the_same_string) {
  for (const std::string_view text : {"", "/api/me", "a \"quoted\" \\ path", "tab\there\nnew line\x01\x7f",
                                      "中文 path", "\xF0\x9F\x94\x91 key"}) {
    EXPECT_EQ(nlohmann::json::parse(quoted(text)).get<std::string>(), text) << quoted(text);
  }
}

TEST(json_string, replaces_each_byte_of_malformed_utf8) {
  EXPECT_EQ(nlohmann::json::parse(quoted("a\xFF" "b\xC3")).get<std::string>(), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
}

TEST(json_string, appends_to_what_is_there) {
  std::string out = R"({"a":)";
  append_json_string(out, "b");
  EXPECT_EQ(out, R"({"a":"b")");
}

}  // namespace
}  // namespace twofold::text
