// The client's address behind trusted proxies (http/forwarded_client.hpp):
// the right-most untrusted hop of X-Forwarded-For or Forwarded, only on a
// trusted proxy's connection; anything malformed falls back to the connection.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "http/forwarded_client.hpp"

namespace twofold::server::testing {
namespace {

std::vector<ip_network> networks(std::initializer_list<const char*> texts) {
  std::vector<ip_network> parsed;
  for (const char* text : texts) parsed.push_back(*parse_ip_network(text));
  return parsed;
}

const auto proxies = networks({"127.0.0.1/32", "10.0.0.0/8", "2001:db8:ffff::/48"});
const std::string proxy = "127.0.0.1";

std::string by_xff(const std::string& peer, const std::string& header) {
  return forwarded_client(peer, header, "", proxies);
}

std::string by_forwarded(const std::string& peer, const std::string& header) {
  return forwarded_client(peer, "", header, proxies);
}

TEST(forwarded_client, ignores_the_headers_from_a_connection_that_is_no_trusted_proxy) {
  EXPECT_EQ(by_xff("203.0.113.9", "198.51.100.1"), "203.0.113.9");
  EXPECT_EQ(by_forwarded("203.0.113.9", "for=198.51.100.1"), "203.0.113.9");
  EXPECT_EQ(forwarded_client("127.0.0.1", "198.51.100.1", "", {}), "127.0.0.1") << "no proxy trusted by default";
  EXPECT_EQ(by_xff("127.0.0.2", "198.51.100.1"), "127.0.0.2") << "127.0.0.1/32 is one address";
}

TEST(forwarded_client, without_headers_is_the_connection) {
  EXPECT_EQ(forwarded_client(proxy, "", "", proxies), proxy);
  EXPECT_EQ(forwarded_client(proxy, "  ", " ", proxies), proxy);
}

TEST(forwarded_client, takes_the_right_most_untrusted_hop) {
  EXPECT_EQ(by_xff(proxy, "198.51.100.1"), "198.51.100.1");
  EXPECT_EQ(by_xff(proxy, "6.6.6.6, 198.51.100.1") , "198.51.100.1") << "the client's own claim is ignored";
  EXPECT_EQ(by_xff(proxy, "6.6.6.6, 198.51.100.1, 10.1.2.3"), "198.51.100.1") << "a trusted hop passes on";
  EXPECT_EQ(by_xff(proxy, "10.9.9.9, 10.1.2.3"), "10.9.9.9") << "all trusted: the left-most";
  EXPECT_EQ(by_forwarded(proxy, "for=6.6.6.6, for=198.51.100.1;proto=https, for=10.1.2.3"), "198.51.100.1");
}

TEST(forwarded_client, joins_several_header_lines_in_order) {
  // to_http_request joins repeated lines with ", ".
  EXPECT_EQ(by_xff(proxy, "6.6.6.6, 198.51.100.1"), "198.51.100.1");
  EXPECT_EQ(by_forwarded(proxy, "for=6.6.6.6;by=10.0.0.1, for=198.51.100.1"), "198.51.100.1");
}

TEST(forwarded_client, reads_ports_brackets_and_zones) {
  EXPECT_EQ(by_xff(proxy, "198.51.100.1:4711"), "198.51.100.1");
  EXPECT_EQ(by_xff(proxy, "2001:db8::17"), "2001:db8::17");
  EXPECT_EQ(by_xff(proxy, "[2001:db8::17]"), "2001:db8::17");
  EXPECT_EQ(by_xff(proxy, "[2001:db8::17]:4711"), "2001:db8::17");
  EXPECT_EQ(by_xff(proxy, "fe80::1%eth0"), "fe80::1") << "the zone is dropped";
  EXPECT_EQ(by_xff(proxy, "::ffff:198.51.100.1"), "198.51.100.1") << "IPv4-mapped is IPv4";
  EXPECT_EQ(by_xff(proxy, "2001:DB8::ABCD"), "2001:db8::abcd") << "in its usual form";
  EXPECT_EQ(by_forwarded(proxy, R"(for="[2001:db8:cafe::17]:4711")"), "2001:db8:cafe::17");
  EXPECT_EQ(by_forwarded(proxy, R"(For="198.51.100.1:80")"), "198.51.100.1") << "parameter names ignore case";
  EXPECT_EQ(by_forwarded(proxy, "proto=https;for=198.51.100.1;host=example.com"), "198.51.100.1");
  EXPECT_EQ(by_forwarded(proxy, R"(for="[fe80::1%25eth0]")"), "fe80::1") << "a zone as in URIs (RFC 6874) too";
}

TEST(forwarded_client, trusts_ipv6_proxies_by_network) {
  EXPECT_EQ(by_xff("2001:db8:ffff:1::2", "198.51.100.1"), "198.51.100.1");
  EXPECT_EQ(by_xff("2001:db8:fffe::2", "198.51.100.1"), "2001:db8:fffe::2");
  EXPECT_EQ(by_xff("::ffff:127.0.0.1", "198.51.100.1"), "198.51.100.1") << "a mapped peer is its IPv4 address";
}

TEST(forwarded_client, falls_back_to_the_connection_on_anything_malformed) {
  const std::string long_header(10000, '1');
  for (const char* header : {"unknown", "_hidden", "not an address", "198.51.100.1, garbage", ",", "198.51.100.1,",
                             "[2001:db8::1", "[2001:db8::1]x", "2001:db8::1:80:", "999.1.1.1", "198.51.100.1:80:90",
                             "\"198.51.100.1\"", "localhost", long_header.c_str(), "\x01\x02", "%"}) {
    EXPECT_EQ(by_xff(proxy, header), proxy) << header;
  }
  for (const char* header : {"for=unknown", "for=_gazonk", R"(for="_gazonk")", "by=10.0.0.1", "for=", "for",
                             "for=\"[2001:db8::1]", "for=\"", ";;;", ",,,", "for=198.51.100.1, for=_hidden",
                             "for=\"198.51.100.1, 6.6.6.6\"", "for=\\\"x"}) {
    EXPECT_EQ(by_forwarded(proxy, header), proxy) << header;
  }
}

TEST(forwarded_client, stops_at_an_unusable_hop_before_any_untrusted_one) {
  EXPECT_EQ(by_xff(proxy, "198.51.100.1, unknown"), proxy);
  EXPECT_EQ(by_xff(proxy, "unknown, 198.51.100.1"), "198.51.100.1") << "left of the client does not matter";
}

// A proxy writes one of the headers; the client may have sent the other
// through it.
TEST(forwarded_client, believes_two_headers_only_when_they_agree) {
  EXPECT_EQ(forwarded_client(proxy, "198.51.100.1", "for=198.51.100.1", proxies), "198.51.100.1");
  EXPECT_EQ(forwarded_client(proxy, "198.51.100.1", "for=6.6.6.6", proxies), proxy);
  EXPECT_EQ(forwarded_client(proxy, "6.6.6.6", "for=198.51.100.1", proxies), proxy);
  EXPECT_EQ(forwarded_client(proxy, "198.51.100.1", "for=_hidden", proxies), proxy);
}

TEST(forwarded_client, is_trusted_proxy_by_address_text) {
  EXPECT_TRUE(is_trusted_proxy("10.20.30.40", proxies));
  EXPECT_FALSE(is_trusted_proxy("11.0.0.1", proxies));
  EXPECT_FALSE(is_trusted_proxy("", proxies));
  EXPECT_FALSE(is_trusted_proxy("not an address", proxies));
}

}  // namespace
}  // namespace twofold::server::testing
