#include "app/security_headers.hpp"

#include <array>

namespace twofold::server {

std::string content_security_policy(std::span<const std::string> inline_script_hashes) {
  std::string script_sources = "'self' 'wasm-unsafe-eval'";
  for (const auto& hash : inline_script_hashes) script_sources += " '" + hash + "'";
  return "default-src 'none'; script-src " + script_sources +
         "; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; "
         "base-uri 'none'; frame-ancestors 'none'";
}

std::span<const header_line> security_headers(bool tls) {
  // Built once: every answer carries them.
  static const std::string policy = content_security_policy({});
  // One year (RFC 6797 §6.1.1), last so that plain HTTP leaves it out. Not
  // includeSubDomains: Twofold usually has a host name inside a company's
  // domain and cannot vouch for hosts it does not serve; a proxy in front may
  // add it for a domain that is all HTTPS.
  static const std::array<header_line, 8> lines{{
      {"Content-Security-Policy", policy},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
      {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
      {"Strict-Transport-Security", "max-age=31536000"},
  }};
  return std::span(lines).first(tls ? lines.size() : lines.size() - 1);
}

}  // namespace twofold::server
