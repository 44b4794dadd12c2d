#include "runtime/ip_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>

namespace twofold::server {

namespace {

// Longer than any address with a zone a socket reports (INET6_ADDRSTRLEN is 46).
constexpr std::size_t max_address_text = 100;

constexpr std::array<std::uint8_t, 12> ipv4_mapped_prefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

unsigned length_of(const ip_address& address) { return address.v4 ? 32 : 128; }

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

std::string ip_text(const ip_address& address) {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(address.v4 ? AF_INET : AF_INET6, address.bytes.data(), text, sizeof text);
  return text;
}

ip_address masked(const ip_address& address, unsigned prefix_bits) {
  const unsigned length = length_of(address);
  auto result = address;
  for (unsigned bit = std::min(prefix_bits, length); bit < length; ++bit) {
    result.bytes[bit / 8] &= static_cast<std::uint8_t>(~(0x80U >> (bit % 8)));
  }
  return result;
}

bool ip_network::contains(const ip_address& address) const {
  return address.v4 == first.v4 && masked(address, prefix_bits) == first;
}

std::optional<ip_network> parse_ip_network(std::string_view text) {
  const auto slash = text.find('/');
  const auto address = parse_ip_address(text.substr(0, slash));
  // A zone names a link of this machine, not a network: "fe80::/10%eth0" is no CIDR.
  if (!address || text.substr(0, slash).find('%') != std::string_view::npos) return std::nullopt;
  unsigned prefix_bits = length_of(*address);
  if (slash != std::string_view::npos) {
    const auto digits = text.substr(slash + 1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix_bits);
    if (digits.empty() || error != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
    // "::ffff:10.0.0.0/104" is IPv4 by now, its prefix still in IPv6 terms.
    const bool mapped = address->v4 && text.find(':') != std::string_view::npos;
    if (mapped) {
      if (prefix_bits < 96) return std::nullopt;
      prefix_bits -= 96;
    }
    if (prefix_bits > length_of(*address)) return std::nullopt;
  }
  if (!(masked(*address, prefix_bits) == *address)) return std::nullopt;
  return ip_network{.first = *address, .prefix_bits = prefix_bits};
}

}  // namespace twofold::server
