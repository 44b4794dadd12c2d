#include "http/forwarded_client.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

#include "twofold/text/trimmed.hpp"

namespace twofold::server {

namespace {

using text::trimmed;

// More hops than any real chain of proxies: a longer header is walked no further.
constexpr std::size_t max_hops = 32;

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

// Comma-separated items, left to right. Quoted strings (RFC 9110 §5.6.4) may
// hold commas; an unterminated quote runs to the end.
std::vector<std::string_view> split_list(std::string_view header) {
  std::vector<std::string_view> items;
  std::size_t start = 0;
  bool quoted = false;
  for (std::size_t at = 0; at <= header.size(); ++at) {
    if (at < header.size()) {
      const char c = header[at];
      if (c == '\\' && quoted) {
        ++at;
        continue;
      }
      if (c == '"') quoted = !quoted;
      if (c != ',' || quoted) continue;
    }
    items.push_back(trimmed(header.substr(start, at - start)));
    start = at + 1;
  }
  return items;
}

// A hop as a proxy writes it: "192.0.2.60", "192.0.2.60:4711",
// "2001:db8::17", "[2001:db8::17]", "[2001:db8::17]:4711", "fe80::1%eth0".
std::optional<ip_address> hop_address(std::string_view hop) {
  if (hop.starts_with('[')) {
    const auto close = hop.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const auto rest = hop.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return std::nullopt;
    return parse_ip_address(hop.substr(1, close - 1));
  }
  // One colon: IPv4 with a port. More: IPv6, which needs brackets for a port.
  if (std::count(hop.begin(), hop.end(), ':') == 1) hop = hop.substr(0, hop.find(':'));
  return parse_ip_address(hop);
}

// RFC 7239 §4: an element is `;`-separated pairs; the node of `for` is a
// token or a quoted string (quoted when it has a colon or brackets).
std::string_view for_node(std::string_view element) {
  std::size_t start = 0;
  while (start <= element.size()) {
    auto end = element.find(';', start);
    if (end == std::string_view::npos) end = element.size();
    const auto pair = trimmed(element.substr(start, end - start));
    const auto equals = pair.find('=');
    if (equals != std::string_view::npos && equal_ignoring_case(trimmed(pair.substr(0, equals)), "for")) {
      auto value = trimmed(pair.substr(equals + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
      return value;
    }
    start = end + 1;
  }
  return {};
}

std::vector<std::string_view> forwarded_hops(std::string_view header) {
  auto hops = split_list(header);
  for (auto& hop : hops) hop = for_node(hop);
  return hops;
}

bool trusted(const ip_address& address, std::span<const ip_network> trusted_proxies) {
  return std::any_of(trusted_proxies.begin(), trusted_proxies.end(),
                     [&](const ip_network& network) { return network.contains(address); });
}

// The right-most untrusted hop of `hops` (already behind a trusted peer);
// nullopt when a hop in the way is no address. All of them trusted: the
// left-most, a machine of the operator's own.
std::optional<ip_address> walk_from_the_right(const std::vector<std::string_view>& hops,
                                              std::span<const ip_network> trusted_proxies) {
  std::optional<ip_address> client;
  std::size_t walked = 0;
  for (auto hop = hops.rbegin(); hop != hops.rend() && walked < max_hops; ++hop, ++walked) {
    client = hop_address(*hop);
    if (!client) return std::nullopt;
    if (!trusted(*client, trusted_proxies)) return client;
  }
  return client;
}

}  // namespace

bool is_trusted_proxy(std::string_view address, std::span<const ip_network> trusted_proxies) {
  const auto parsed = parse_ip_address(address);
  return parsed && trusted(*parsed, trusted_proxies);
}

std::string forwarded_client(std::string_view peer, std::string_view x_forwarded_for, std::string_view forwarded,
                             std::span<const ip_network> trusted_proxies) {
  const std::string connection(peer);
  if (!is_trusted_proxy(peer, trusted_proxies)) return connection;
  x_forwarded_for = trimmed(x_forwarded_for);
  forwarded = trimmed(forwarded);
  std::optional<ip_address> by_x_forwarded_for;
  std::optional<ip_address> by_forwarded;
  if (!x_forwarded_for.empty()) {
    by_x_forwarded_for = walk_from_the_right(split_list(x_forwarded_for), trusted_proxies);
    if (!by_x_forwarded_for) return connection;
  }
  if (!forwarded.empty()) {
    by_forwarded = walk_from_the_right(forwarded_hops(forwarded), trusted_proxies);
    if (!by_forwarded) return connection;
  }
  if (by_x_forwarded_for && by_forwarded && !(*by_x_forwarded_for == *by_forwarded)) return connection;
  const auto client = by_x_forwarded_for ? by_x_forwarded_for : by_forwarded;
  return client ? ip_text(*client) : connection;
}

}  // namespace twofold::server
