#pragma once
// IP addresses as text to the network they belong to. Without a better
// answer from a location database, an address is known by its /24 (IPv4) or
// /48 (IPv6): the usual smallest block routed on the Internet and assigned
// to one site (RFC 6177 §3), so a person's changing addresses at home keep
// one network. IPv4-mapped IPv6 (::ffff:a.b.c.d, RFC 4291 §2.5.5.2), as
// dual-stack sockets report IPv4 peers, counts as the IPv4 address.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace twofold::server {

struct ip_address {
  bool v4 = false;
  std::array<std::uint8_t, 16> bytes{};  // network order; IPv4 in the first 4
};

inline constexpr unsigned default_ipv4_prefix = 24;
inline constexpr unsigned default_ipv6_prefix = 48;

// "203.0.113.7", "2001:db8::1", "::ffff:203.0.113.7", "fe80::1%eth0" (the
// zone is dropped); nullopt for anything else, host names included.
[[nodiscard]] std::optional<ip_address> parse_ip_address(std::string_view text);

// "203.0.113.0/24", "2001:db8:1::/48": the address with every bit after the
// first `prefix_bits` cleared; prefix_bits beyond 32 (IPv4) or 128 (IPv6)
// count as the full length.
[[nodiscard]] std::string network_text(const ip_address& address, unsigned prefix_bits);

// network_text with the default prefix: /24 for IPv4, /48 for IPv6.
[[nodiscard]] std::string default_network(const ip_address& address);

// The default network of an address as text: "203.0.113.7" -> "203.0.113.0/24",
// "2001:db8:1:2::5" -> "2001:db8:1::/48"; "" when `ip` is no IP address.
[[nodiscard]] std::string network_prefix(std::string_view ip);

}  // namespace twofold::server
