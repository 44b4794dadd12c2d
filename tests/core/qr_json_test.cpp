// "qr_encode" through the core's JSON door (twofold/api/core_json.hpp), which
// the wasm module and the native CLI answer alike.
#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "twofold/api/core_json.hpp"
#include "twofold/qr/qr_code.hpp"

namespace twofold::api {
namespace {

constexpr const char* bad_request = R"({"error":{"code":"bad_request","message_key":"error.bad_request"}})";

nlohmann::json qr_answer(const nlohmann::json& request) {
  return nlohmann::json::parse(call_core("qr_encode", request.dump()));
}

TEST(call_core_qr_encode, answers_the_symbol_row_by_row) {
  const auto answer = qr_answer({{"text", "Hello, Twofold"}, {"ecc", "Q"}, {"mask", 3}});
  const auto code = qr::encode_text("Hello, Twofold", {.level = qr::error_correction::quartile, .mask = 3}).value();
  EXPECT_EQ(answer["version"], code.version());
  EXPECT_EQ(answer["ecc"], "Q");
  EXPECT_EQ(answer["mask"], 3);
  EXPECT_EQ(answer["size"], code.size());
  ASSERT_EQ(answer["modules"].size(), static_cast<std::size_t>(code.size()));
  for (int y = 0; y < code.size(); ++y) {
    std::string row;
    for (int x = 0; x < code.size(); ++x) row += code.module(x, y) ? '1' : '0';
    EXPECT_EQ(answer["modules"][static_cast<std::size_t>(y)], row);
  }
}

TEST(call_core_qr_encode, writes_keys_in_the_documented_order) {
  const auto text = call_core("qr_encode", R"({"text":"","ecc":"L","mask":0})");
  EXPECT_EQ(text.rfind(R"({"version":1,"ecc":"L","mask":0,"size":21,"modules":[")", 0), 0u) << text;
}

TEST(call_core_qr_encode, honours_versions_and_boost) {
  EXPECT_EQ(qr_answer({{"text", "a"}, {"ecc", "H"}, {"min_version", 7}, {"max_version", 9}})["version"], 7);
  EXPECT_EQ(qr_answer({{"text", "a"}, {"ecc", "L"}, {"boost_ecc", true}})["ecc"], "H");
  EXPECT_EQ(qr_answer({{"text", "a"}, {"ecc", "L"}, {"boost_ecc", false}})["ecc"], "L");
  EXPECT_EQ(qr_answer({{"text", "a"}, {"ecc", "M"}, {"mask", nullptr}})["version"], 1);
}

TEST(call_core_qr_encode, answers_data_too_long_as_its_own_error) {
  const std::string too_long = R"({"error":{"code":"data_too_long","message_key":"error.bad_request"}})";
  EXPECT_EQ(call_core("qr_encode", nlohmann::json{{"text", std::string(2332, 'x')}, {"ecc", "M"}}.dump()), too_long);
  EXPECT_EQ(call_core("qr_encode", nlohmann::json{{"text", std::string(15, 'x')}, {"ecc", "M"}, {"max_version", 1}}.dump()),
            too_long);
  EXPECT_EQ(qr_answer({{"text", std::string(2331, 'x')}, {"ecc", "M"}})["version"], 40);
}

TEST(call_core_qr_encode, refuses_malformed_requests) {
  for (const char* request :
       {"", "[]", "{}", R"({"text":"a"})", R"({"ecc":"M"})", R"({"text":1,"ecc":"M"})", R"({"text":"a","ecc":"m"})",
        R"({"text":"a","ecc":"X"})", R"({"text":"a","ecc":null})", R"({"text":"a","ecc":"M","min_version":0})",
        R"({"text":"a","ecc":"M","max_version":41})", R"({"text":"a","ecc":"M","min_version":5,"max_version":4})",
        R"({"text":"a","ecc":"M","min_version":1.5})", R"({"text":"a","ecc":"M","min_version":"2"})",
        R"({"text":"a","ecc":"M","mask":8})", R"({"text":"a","ecc":"M","mask":-1})",
        R"({"text":"a","ecc":"M","mask":18446744073709551615})", R"({"text":"a","ecc":"M","boost_ecc":1})",
        "{\"text\":\"\xff\",\"ecc\":\"M\"}"}) {
    EXPECT_EQ(call_core("qr_encode", request), bad_request) << request;
  }
}

}  // namespace
}  // namespace twofold::api
