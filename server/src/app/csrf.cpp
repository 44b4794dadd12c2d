#include "app/csrf.hpp"

#include <algorithm>
#include <cctype>

#include "config/config.hpp"

namespace twofold::server {

namespace {

constexpr std::string_view required_header_value = "twofold";

// Scheme and host are case-insensitive (RFC 3986 §3.1, §3.2.2); a proxy or a
// person may write the Host header in capitals.
bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace

bool changes_state(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

std::string expected_origin(const http_request& request, const config& cfg) {
  if (!cfg.public_url.empty()) return cfg.public_origin();
  return std::string(request.tls ? "https://" : "http://") + request.header("host");
}

bool passes_csrf_check(const http_request& request, const config& cfg) {
  if (!changes_state(request.method)) return true;
  if (request.header("x-requested-with") != required_header_value) return false;
  const auto origin = request.headers.find("origin");
  if (origin == request.headers.end()) return true;
  // Without a Host header there is nothing to match: "http://" never equals an origin.
  return equal_ignoring_case(origin->second, expected_origin(request, cfg));
}

}  // namespace twofold::server
