#include "client/network_prefix.hpp"

#include <arpa/inet.h>

#include <algorithm>

namespace twofold::server {

namespace {

// Longer than any address with a zone a socket reports (INET6_ADDRSTRLEN is 46).
constexpr std::size_t max_address_text = 100;

constexpr std::array<std::uint8_t, 12> ipv4_mapped_prefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

}  // namespace

std::optional<ip_address> parse_ip_address(std::string_view text) {
  if (text.size() > max_address_text || text.find('\0') != std::string_view::npos) return std::nullopt;
  const std::string address(text.substr(0, text.find('%')));
  ip_address parsed;
  if (inet_pton(AF_INET, address.c_str(), parsed.bytes.data()) == 1) {
    parsed.v4 = true;
    return parsed;
  }
  if (inet_pton(AF_INET6, address.c_str(), parsed.bytes.data()) != 1) return std::nullopt;
  if (std::equal(ipv4_mapped_prefix.begin(), ipv4_mapped_prefix.end(), parsed.bytes.begin())) {
    std::copy_n(parsed.bytes.begin() + ipv4_mapped_prefix.size(), 4, parsed.bytes.begin());
    std::fill(parsed.bytes.begin() + 4, parsed.bytes.end(), std::uint8_t{0});
    parsed.v4 = true;
  }
  return parsed;
}

std::string network_text(const ip_address& address, unsigned prefix_bits) {
  const unsigned length = address.v4 ? 32 : 128;
  prefix_bits = std::min(prefix_bits, length);
  auto bytes = address.bytes;
  for (unsigned bit = prefix_bits; bit < length; ++bit) {
    bytes[bit / 8] &= static_cast<std::uint8_t>(~(0x80U >> (bit % 8)));
  }
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(address.v4 ? AF_INET : AF_INET6, bytes.data(), text, sizeof text);
  return std::string(text) + "/" + std::to_string(prefix_bits);
}

std::string default_network(const ip_address& address) {
  return network_text(address, address.v4 ? default_ipv4_prefix : default_ipv6_prefix);
}

std::string network_prefix(std::string_view ip) {
  const auto address = parse_ip_address(ip);
  return address ? default_network(*address) : std::string();
}

}  // namespace twofold::server
