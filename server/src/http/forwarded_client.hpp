#pragma once
// The client's address behind trusted reverse proxies. A proxy names the
// client it forwards in X-Forwarded-For (a de facto standard: "client,
// proxy1, proxy2", each proxy appending the address it received from) or in
// Forwarded (RFC 7239: `for=192.0.2.60;proto=https, for="[2001:db8::17]:4711"`).
// Anyone can send those headers, so they count only on a connection from a
// trusted proxy, and only as far as the chain of trusted proxies goes: from
// the right, each hop that is a trusted proxy passes on to the one before
// it; the first hop that is not is the client (the right-most untrusted hop).
// Everything to its left is the client's own claim and is ignored.
//
// Never fails: a hop that is no IP address (RFC 7239's `unknown` and
// obfuscated `_names`, garbage) ends the walk at the connection's address,
// as does a disagreement between the two headers when both are present (a
// proxy writes one of them; the client may have sent the other).
#include <span>
#include <string>
#include <string_view>

#include "runtime/ip_address.hpp"

namespace twofold::server {

// `peer`: the connection's address as text. `x_forwarded_for`, `forwarded`:
// the headers' values, several lines joined with ", " in order (empty when
// absent). Returns the client's address as text ("203.0.113.7", "2001:db8::1";
// IPv4-mapped IPv6 as IPv4, zones and ports dropped); `peer` itself when the
// headers do not count.
[[nodiscard]] std::string forwarded_client(std::string_view peer, std::string_view x_forwarded_for,
                                           std::string_view forwarded, std::span<const ip_network> trusted_proxies);

// Whether `address` (text) is one of the trusted proxies.
[[nodiscard]] bool is_trusted_proxy(std::string_view address, std::span<const ip_network> trusted_proxies);

}  // namespace twofold::server
