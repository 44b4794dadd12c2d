// A base32 secret grouped for reading (twofold/otp/secret_text.hpp).
#include "twofold/otp/secret_text.hpp"

#include <gtest/gtest.h>

#include "twofold/otp/base32.hpp"

namespace twofold::otp {
namespace {

TEST(secret_text, groups_in_blocks_of_four) {
  EXPECT_EQ(group_secret_for_reading("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
  EXPECT_EQ(group_secret_for_reading("JBSWY3DPEHPK3PXP"), "JBSW Y3DP EHPK 3PXP");
}

TEST(secret_text, leaves_a_shorter_last_block) {
  EXPECT_EQ(group_secret_for_reading("ABCDE"), "ABCD E");
  EXPECT_EQ(group_secret_for_reading("ABCDEFG"), "ABCD EFG");
  EXPECT_EQ(group_secret_for_reading("ABC"), "ABC");
  EXPECT_EQ(group_secret_for_reading(""), "");
}

TEST(secret_text, reads_back_as_the_same_secret) {
  const std::vector<std::uint8_t> secret{0x3d, 0xc6, 0xca, 0xa4, 0x82, 0x4a, 0x6d, 0x28, 0x87, 0x67,
                                         0xb2, 0x33, 0x1e, 0x20, 0xb4, 0x31, 0x66, 0xcb, 0x85, 0xd9};
  EXPECT_EQ(*base32_decode(group_secret_for_reading(base32_encode(secret))), secret);
}

}  // namespace
}  // namespace twofold::otp
