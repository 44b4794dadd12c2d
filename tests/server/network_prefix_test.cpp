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

// One rule for every per-client throttle and cap: an IPv6 host holds a whole
// /64, so stepping through its addresses must not buy it fresh limits.
TEST(throttle_key, is_the_ipv4_address_or_the_ipv6_64) {
  EXPECT_EQ(throttle_key("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(throttle_key("::ffff:203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(throttle_key("2001:db8:1:2:a:b:c:d"), "2001:db8:1:2::/64");
  EXPECT_EQ(throttle_key("2001:db8:1:2::ffff"), "2001:db8:1:2::/64");
  EXPECT_NE(throttle_key("2001:db8:1:3::1"), throttle_key("2001:db8:1:2::1")) << "the next /64 is another client";
  EXPECT_EQ(throttle_key("2001:DB8:1:2::1%eth0"), "2001:db8:1:2::/64");
  EXPECT_EQ(throttle_key("::1"), "::/64");
  EXPECT_EQ(throttle_key("not an address"), "not an address");
}

TEST(ip_network, parses_cidr_and_single_addresses) {
  const auto v4 = parse_ip_network("10.0.0.0/8");
  ASSERT_TRUE(v4);
  EXPECT_TRUE(v4->contains(*parse_ip_address("10.255.1.2")));
  EXPECT_FALSE(v4->contains(*parse_ip_address("11.0.0.1")));
  EXPECT_FALSE(v4->contains(*parse_ip_address("::ffff:b00:1"))) << "11.0.0.1 mapped";
  EXPECT_TRUE(v4->contains(*parse_ip_address("::ffff:a00:1"))) << "10.0.0.1 mapped";
  EXPECT_FALSE(v4->contains(*parse_ip_address("a00::1"))) << "IPv6 never in an IPv4 network";
  const auto all = parse_ip_network("0.0.0.0/0");
  ASSERT_TRUE(all);
  EXPECT_TRUE(all->contains(*parse_ip_address("255.255.255.255")));
  const auto v6 = parse_ip_network("2001:db8::/32");
  ASSERT_TRUE(v6);
  EXPECT_TRUE(v6->contains(*parse_ip_address("2001:db8:ffff::1")));
  EXPECT_FALSE(v6->contains(*parse_ip_address("2001:db9::1")));
  const auto one = parse_ip_network("::1");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->prefix_bits, 128U);
  const auto mapped = parse_ip_network("::ffff:10.0.0.0/104");
  ASSERT_TRUE(mapped);
  EXPECT_TRUE(mapped->first.v4);
  EXPECT_EQ(mapped->prefix_bits, 8U);
}

TEST(ip_network, refuses_host_bits_and_nonsense) {
  for (const char* text : {"10.0.0.1/8", "10.0.0.0/33", "2001:db8::/129", "2001:db8::1/64", "10.0.0.0/", "/8",
                           "10.0.0.0/8/8", "10.0.0.0/ 8", "10.0.0.0/+8", "10.0.0.0/-8", "host/8", "", "::ffff:10.0.0.0/8",
                           "fe80::%eth0/64", "fe80::/64%eth0", "10.0.0.0/99999999999999999999"}) {
    EXPECT_FALSE(parse_ip_network(text)) << text;
  }
}

}  // namespace
}  // namespace twofold::server::testing
