#include "client/network_prefix.hpp"

#include <algorithm>

namespace twofold::server {

std::string network_text(const ip_address& address, unsigned prefix_bits) {
  const unsigned length = address.v4 ? 32 : 128;
  return ip_text(masked(address, prefix_bits)) + "/" + std::to_string(std::min(prefix_bits, length));
}

std::string default_network(const ip_address& address) {
  return network_text(address, address.v4 ? default_ipv4_prefix : default_ipv6_prefix);
}

std::string network_prefix(std::string_view ip) {
  const auto address = parse_ip_address(ip);
  return address ? default_network(*address) : std::string();
}

std::string throttle_key(std::string_view ip) {
  const auto address = parse_ip_address(ip);
  if (!address) return std::string(ip);
  return address->v4 ? ip_text(*address) : network_text(*address, throttle_ipv6_prefix);
}

}  // namespace twofold::server
