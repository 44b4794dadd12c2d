// Session tokens: 256 random bits as unpadded base64url, and only their
// SHA-256 goes anywhere near storage.
#include <gtest/gtest.h>
#include <sodium.h>

#include <regex>
#include <set>

#include "auth/session_token.hpp"

namespace twofold::server::testing {
namespace {

TEST(session_token, is_forty_three_base64_url_characters) {
  const auto token = new_session_token();
  EXPECT_TRUE(std::regex_match(token.cookie_value, std::regex("[A-Za-z0-9_-]{43}"))) << token.cookie_value;
}

TEST(session_token, encodes_thirty_two_random_bytes_and_stores_their_sha256) {
  const auto token = new_session_token();
  std::array<unsigned char, 32> raw{};
  std::size_t length = 0;
  ASSERT_EQ(sodium_base642bin(raw.data(), raw.size(), token.cookie_value.data(), token.cookie_value.size(), nullptr,
                              &length, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
            0);
  ASSERT_EQ(length, 32U);
  session_token_hash expected{};
  crypto_hash_sha256(expected.data(), raw.data(), raw.size());
  EXPECT_EQ(token.hash, expected);
  EXPECT_EQ(hash_of_cookie_value(token.cookie_value), expected);
}

TEST(session_token, is_new_every_time) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) seen.insert(new_session_token().cookie_value);
  EXPECT_EQ(seen.size(), 100U);
}

TEST(session_token, malformed_cookie_values_name_no_session) {
  const auto token = new_session_token();
  EXPECT_FALSE(hash_of_cookie_value("").has_value());
  EXPECT_FALSE(hash_of_cookie_value(token.cookie_value.substr(1)).has_value());
  EXPECT_FALSE(hash_of_cookie_value(token.cookie_value + "A").has_value());
  EXPECT_FALSE(hash_of_cookie_value(token.cookie_value + "=").has_value());
  std::string standard_alphabet = token.cookie_value;
  standard_alphabet[0] = '+';
  EXPECT_FALSE(hash_of_cookie_value(standard_alphabet).has_value());
  EXPECT_FALSE(hash_of_cookie_value(std::string(43, '!')).has_value());
}

TEST(session_token, compares_hashes_exactly) {
  const auto a = new_session_token().hash;
  auto b = a;
  EXPECT_TRUE(same_token_hash(a, b));
  b.back() ^= 1U;
  EXPECT_FALSE(same_token_hash(a, b));
}

}  // namespace
}  // namespace twofold::server::testing
