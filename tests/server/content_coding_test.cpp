// Choosing a file's content coding from Accept-Encoding (RFC 9110 §12.5.3).
#include <gtest/gtest.h>

#include <array>

#include "app/content_coding.hpp"

namespace twofold::server::testing {
namespace {

constexpr std::array both{content_coding::identity, content_coding::gzip, content_coding::br};
constexpr std::array gzip_only{content_coding::identity, content_coding::gzip};

TEST(content_coding, brotli_before_gzip_when_both_are_accepted_alike) {
  EXPECT_EQ(choose_coding("gzip, deflate, br", both), content_coding::br);
  EXPECT_EQ(choose_coding("gzip, deflate, br, zstd", gzip_only), content_coding::gzip);
  EXPECT_EQ(choose_coding("*", both), content_coding::br);
}

TEST(content_coding, the_higher_weight_wins) {
  EXPECT_EQ(choose_coding("br;q=0.1, gzip;q=0.9", both), content_coding::gzip);
  EXPECT_EQ(choose_coding("br; Q=0.95 , gzip;q=0.9", both), content_coding::br);
  EXPECT_EQ(choose_coding("*;q=0.2, gzip;q=0.5", both), content_coding::gzip);
}

TEST(content_coding, a_zero_or_malformed_weight_refuses) {
  EXPECT_EQ(choose_coding("br;q=0, gzip;q=0.000", both), content_coding::identity);
  EXPECT_EQ(choose_coding("br;q=2, gzip;q=abc", both), content_coding::identity);
  EXPECT_EQ(choose_coding("br;q=1.5", both), content_coding::identity);
  EXPECT_EQ(choose_coding("*;q=0, gzip", both), content_coding::gzip);
}

TEST(content_coding, identity_when_nothing_usable_is_named) {
  EXPECT_EQ(choose_coding("", both), content_coding::identity);
  EXPECT_EQ(choose_coding("deflate, zstd", both), content_coding::identity);
  EXPECT_EQ(choose_coding("br", std::array{content_coding::identity}), content_coding::identity);
  EXPECT_EQ(choose_coding("BR", both), content_coding::br) << "tokens are case-insensitive";
}

TEST(content_coding, tokens_for_content_encoding) {
  EXPECT_EQ(token_of(content_coding::br), "br");
  EXPECT_EQ(token_of(content_coding::gzip), "gzip");
  EXPECT_EQ(token_of(content_coding::identity), "");
}

}  // namespace
}  // namespace twofold::server::testing
