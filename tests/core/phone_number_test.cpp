// Phone numbers for SMS codes (twofold/phone/phone_number.hpp): the shared
// vectors (tests/vectors/phone_numbers.json) through the core's JSON door,
// the same file the wasm node test reads, and what JSON cannot carry.
#include "twofold/phone/phone_number.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <utility>

#include "twofold/api/core_json.hpp"
#include "twofold/test_data.hpp"

namespace twofold::phone {
namespace {

TEST(phone_number, answers_every_shared_vector) {
  const auto vectors = nlohmann::json::parse(test_data::phone_vectors_json).at("cases");
  ASSERT_GE(vectors.size(), 50U);
  for (const auto& vector : vectors) {
    const nlohmann::json request = {{"country", vector.at("country")}, {"phone", vector.at("phone")}};
    const auto answer = nlohmann::json::parse(api::call_core("normalize_phone", request.dump()));
    EXPECT_EQ(answer, vector.at("expect")) << vector.at("name").get<std::string>();
  }
}

TEST(phone_number, every_accepted_vector_masks_the_same_alone) {
  const auto vectors = nlohmann::json::parse(test_data::phone_vectors_json);  // alive through the loop
  for (const auto& vector : vectors.at("cases")) {
    const auto& expect = vector.at("expect");
    if (!expect.at("ok").get<bool>()) continue;
    EXPECT_EQ(mask_phone(expect.at("phone").get<std::string>()), expect.at("masked").get<std::string>());
  }
}

TEST(phone_number, refuses_bytes_that_are_not_utf8) {
  const auto checked = normalize_phone("GB", "07700\xff" "900123");
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error(), (field_error{"phone", "invalid_utf8", "validation.invalid_utf8"}));
}

TEST(phone_number, a_masked_number_keeps_its_calling_code_and_hides_at_least_five_digits) {
  EXPECT_EQ(mask_phone("+447700900123"), "+44 \u2022\u2022\u2022 \u2022\u2022\u2022 0123");
  EXPECT_EQ(mask_phone("+6581234567"), "+65 \u2022\u2022\u2022 \u2022\u2022 567");
  EXPECT_EQ(mask_phone("+29051234"), "+290 \u2022\u2022\u2022 34");
  for (const auto* e164 : {"+447700900123", "+4915123456789", "+6838884012", "+33612345678"}) {
    const std::string masked = mask_phone(e164);
    const auto digits = std::count_if(masked.begin(), masked.end(), [](char c) { return c >= '0' && c <= '9'; });
    const auto all = std::string_view(e164).size() - 1;
    EXPECT_LE(digits, static_cast<std::ptrdiff_t>(all - 5)) << masked;
  }
}

TEST(phone_number, text_that_is_no_number_masks_without_showing_it) {
  EXPECT_EQ(mask_phone("+9991234567"), "\u2022\u2022\u2022\u202267");
  EXPECT_EQ(mask_phone("07700900123"), "\u2022\u2022\u2022\u202223");
  EXPECT_EQ(mask_phone(""), "\u2022\u2022\u2022\u2022");
}

TEST(phone_number, an_accepted_number_is_accepted_again_as_it_is) {
  for (const auto& [region, typed] : {std::pair{"GB", "07700 900123"}, {"US", "(202) 555-0143"}, {"RU", "8 912 345-67-89"}}) {
    const auto first = normalize_phone(region, typed);
    ASSERT_TRUE(first) << typed;
    const auto again = normalize_phone("", *first);
    ASSERT_TRUE(again) << *first;
    EXPECT_EQ(*again, *first);
  }
}

}  // namespace
}  // namespace twofold::phone
