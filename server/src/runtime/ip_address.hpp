#pragma once
// IP addresses and networks from text, for the rules that key on where a
// client is (client/network_prefix.hpp, the trusted proxies of
// http/forwarded_client.hpp, the throttles). IPv4-mapped IPv6
// (::ffff:a.b.c.d, RFC 4291 §2.5.5.2), as dual-stack sockets report IPv4
// peers, counts as the IPv4 address.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace twofold::server {

struct ip_address {
  bool v4 = false;
  std::array<std::uint8_t, 16> bytes{};  // network order; IPv4 in the first 4

  friend bool operator==(const ip_address&, const ip_address&) = default;
};

// "203.0.113.7", "2001:db8::1", "::ffff:203.0.113.7", "fe80::1%eth0" (the
// zone is dropped); nullopt for anything else, host names included.
[[nodiscard]] std::optional<ip_address> parse_ip_address(std::string_view text);

// The address in its usual text form: "203.0.113.7", "2001:db8::1".
[[nodiscard]] std::string ip_text(const ip_address& address);

// The address with every bit after the first `prefix_bits` cleared;
// prefix_bits beyond 32 (IPv4) or 128 (IPv6) count as the full length.
[[nodiscard]] ip_address masked(const ip_address& address, unsigned prefix_bits);

// A block of addresses in CIDR notation (RFC 4632 §3.1, RFC 4291 §2.3).
struct ip_network {
  ip_address first;      // host bits cleared
  unsigned prefix_bits;  // 0..32 for IPv4, 0..128 for IPv6

  [[nodiscard]] bool contains(const ip_address& address) const;
};

// "10.0.0.0/8", "2001:db8::/32", or a single address ("127.0.0.1" is
// 127.0.0.1/32). Host bits after the prefix are refused ("10.0.0.1/8"): they
// usually mean a typo in the prefix. nullopt for anything else.
[[nodiscard]] std::optional<ip_network> parse_ip_network(std::string_view text);

}  // namespace twofold::server
