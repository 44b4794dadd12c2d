// An address's network when no database knows better
// (client/network_prefix.hpp): /24 for IPv4, /48 for IPv6.
#include "client/network_prefix.hpp"

#include <gtest/gtest.h>

namespace twofold::server::testing {
namespace {

TEST(network_prefix, keeps_the_first_24_bits_of_ipv4) {
  EXPECT_EQ(network_prefix("203.0.113.7"), "203.0.113.0/24");
  EXPECT_EQ(network_prefix("127.0.0.1"), "127.0.0.0/24");
  EXPECT_EQ(network_prefix("255.255.255.255"), "255.255.255.0/24");
  EXPECT_EQ(network_prefix("0.0.0.0"), "0.0.0.0/24");
}

TEST(network_prefix, keeps_the_first_48_bits_of_ipv6) {
  EXPECT_EQ(network_prefix("2001:db8:1:2::5"), "2001:db8:1::/48");
  EXPECT_EQ(network_prefix("2001:DB8:ABCD:FFFF:1:2:3:4"), "2001:db8:abcd::/48");
  EXPECT_EQ(network_prefix("::1"), "::/48");
  EXPECT_EQ(network_prefix("fe80::1%eth0"), "fe80::/48") << "the zone is dropped";
}

TEST(network_prefix, counts_ipv4_mapped_ipv6_as_ipv4) {
  EXPECT_EQ(network_prefix("::ffff:203.0.113.7"), "203.0.113.0/24");
  EXPECT_EQ(network_prefix("::FFFF:cb00:7107"), "203.0.113.0/24");
  EXPECT_EQ(network_prefix("::203.0.113.7"), "::/48") << "IPv4-compatible (deprecated) is IPv6";
}

TEST(network_prefix, is_empty_for_anything_but_an_address) {
  for (const auto* text : {"", "localhost", "203.0.113", "203.0.113.256", "1.2.3.4 ", " 1.2.3.4", "1.2.3.4/24",
                           "01.2.3.4", "2001:db8::1::2", "[::1]", "::1:", "%eth0", "garbage"}) {
    EXPECT_EQ(network_prefix(text), "") << text;
  }
  EXPECT_EQ(network_prefix(std::string_view("1.2.3.4\0", 8)), "");
  EXPECT_EQ(network_prefix(std::string(10000, '1')), "");
}

TEST(network_text, clears_every_bit_after_the_prefix) {
  const auto v4 = parse_ip_address("198.51.100.255");
  ASSERT_TRUE(v4);
  EXPECT_EQ(network_text(*v4, 32), "198.51.100.255/32");
  EXPECT_EQ(network_text(*v4, 23), "198.51.100.0/23");
  EXPECT_EQ(network_text(*v4, 20), "198.51.96.0/20");
  EXPECT_EQ(network_text(*v4, 0), "0.0.0.0/0");
  EXPECT_EQ(network_text(*v4, 200), "198.51.100.255/32");
  const auto v6 = parse_ip_address("2001:db8:ffff:ffff::1");
  ASSERT_TRUE(v6);
  EXPECT_EQ(network_text(*v6, 36), "2001:db8:f000::/36");
  EXPECT_EQ(network_text(*v6, 128), "2001:db8:ffff:ffff::1/128");
}

}  // namespace
}  // namespace twofold::server::testing
