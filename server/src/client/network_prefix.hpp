#pragma once
// IP addresses as text to the network they belong to. Without a better
// answer from a location database, an address is known by its /24 (IPv4) or
// /48 (IPv6): the usual smallest block routed on the Internet and assigned
// to one site (RFC 6177 §3), so a person's changing addresses at home keep
// one network.
//
// The throttles and connection caps count per client by throttle_key: an
// IPv4 address alone, an IPv6 address by its /64, the smallest block a
// site's LAN is given (RFC 7421 §1), so that one host cannot step past a
// limit by taking the next of its 2^64 addresses.
#include <string>
#include <string_view>

#include "runtime/ip_address.hpp"

namespace twofold::server {

inline constexpr unsigned default_ipv4_prefix = 24;
inline constexpr unsigned default_ipv6_prefix = 48;

// "203.0.113.0/24", "2001:db8:1::/48": the address with every bit after the
// first `prefix_bits` cleared; prefix_bits beyond 32 (IPv4) or 128 (IPv6)
// count as the full length.
[[nodiscard]] std::string network_text(const ip_address& address, unsigned prefix_bits);

// network_text with the default prefix: /24 for IPv4, /48 for IPv6.
[[nodiscard]] std::string default_network(const ip_address& address);

// The default network of an address as text: "203.0.113.7" -> "203.0.113.0/24",
// "2001:db8:1:2::5" -> "2001:db8:1::/48"; "" when `ip` is no IP address.
[[nodiscard]] std::string network_prefix(std::string_view ip);

inline constexpr unsigned throttle_ipv6_prefix = 64;

// Who a throttle or a per-client limit counts: "203.0.113.7" -> "203.0.113.7",
// "2001:db8:1:2:a:b:c:d" -> "2001:db8:1:2::/64", "::ffff:203.0.113.7" ->
// "203.0.113.7". Text that is no address (there is none in tests without a
// socket) is its own key.
[[nodiscard]] std::string throttle_key(std::string_view ip);

}  // namespace twofold::server
