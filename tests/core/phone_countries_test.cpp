// The countries a number for SMS codes may belong to (twofold/phone/countries.hpp):
// the table's shape, and the rule normalize_phone relies on, that countries
// sharing a calling code share their trunk prefix.
#include "twofold/phone/countries.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace twofold::phone {
namespace {

bool all_of_chars(std::string_view text, char low, char high) {
  return std::all_of(text.begin(), text.end(), [&](char c) { return c >= low && c <= high; });
}

// "80|8|0" -> {"80", "8", "0"}; "" -> {}.
std::vector<std::string_view> alternatives(std::string_view prefixes) {
  std::vector<std::string_view> split;
  while (!prefixes.empty()) {
    const auto bar = prefixes.find('|');
    split.push_back(prefixes.substr(0, bar));
    prefixes = bar == std::string_view::npos ? std::string_view() : prefixes.substr(bar + 1);
  }
  return split;
}

TEST(phone_countries, each_region_once_in_order_with_a_calling_code_and_mobile_lengths) {
  const auto table = countries();
  ASSERT_GE(table.size(), 240U);
  std::string previous;
  for (const auto& country : table) {
    EXPECT_EQ(country.region.size(), 2U);
    EXPECT_TRUE(all_of_chars(country.region, 'A', 'Z')) << country.region;
    EXPECT_LT(previous, country.region) << "in order, each once";
    previous = std::string(country.region);
    EXPECT_TRUE(country.dial_code.size() >= 1 && country.dial_code.size() <= 3) << country.region;
    EXPECT_TRUE(all_of_chars(country.dial_code, '0', '9')) << country.region;
    EXPECT_NE(country.dial_code.front(), '0') << country.region;
    for (const auto prefix : alternatives(country.trunk_prefix)) {
      EXPECT_TRUE(!prefix.empty() && all_of_chars(prefix, '0', '9')) << country.region;
    }
    EXPECT_NE(country.lengths, 0U) << country.region;
    EXPECT_EQ(country.lengths & ~((1U << 18) - (1U << 4)), 0U) << country.region << ": lengths in [4, 17]";
  }
}

TEST(phone_countries, calling_codes_are_a_prefix_code) {
  std::set<std::string_view> codes;
  for (const auto& country : countries()) codes.insert(country.dial_code);
  for (const auto code : codes) {
    for (std::size_t length = 1; length < code.size(); ++length) {
      EXPECT_FALSE(codes.contains(code.substr(0, length))) << code << " starts with another calling code";
    }
  }
}

TEST(phone_countries, countries_sharing_a_calling_code_share_their_trunk_prefix) {
  for (const auto& country : countries()) {
    for (const auto& sharing : countries_with_dial_code(country.dial_code)) {
      EXPECT_EQ(sharing.trunk_prefix, country.trunk_prefix) << country.region << " and " << sharing.region;
    }
  }
  EXPECT_EQ(countries_with_dial_code("44").size(), 4U) << "GB, GG, IM, JE";
  EXPECT_TRUE(countries_with_dial_code("999").empty());
}

TEST(phone_countries, finds_a_region_in_either_case) {
  const auto uk = find_country("gb");
  ASSERT_TRUE(uk);
  EXPECT_EQ(uk->region, "GB");
  EXPECT_EQ(uk->dial_code, "44");
  EXPECT_EQ(uk->trunk_prefix, "0");
  EXPECT_TRUE(uk->allows(10));
  EXPECT_FALSE(uk->allows(9));
  EXPECT_FALSE(find_country("ZZ"));
  EXPECT_FALSE(find_country("GBR"));
  EXPECT_FALSE(find_country(""));
}

}  // namespace
}  // namespace twofold::phone
