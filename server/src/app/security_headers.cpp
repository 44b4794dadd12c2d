#include "app/security_headers.hpp"

namespace twofold::server {

std::string content_security_policy(std::span<const std::string> inline_script_hashes) {
  std::string script_sources = "'self' 'wasm-unsafe-eval'";
  for (const auto& hash : inline_script_hashes) script_sources += " '" + hash + "'";
  return "default-src 'none'; script-src " + script_sources +
         "; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; "
         "base-uri 'none'; frame-ancestors 'none'";
}

std::vector<std::pair<std::string, std::string>> security_headers(bool tls) {
  std::vector<std::pair<std::string, std::string>> headers{
      {"Content-Security-Policy", content_security_policy({})},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
      {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
  };
  // One year (RFC 6797 §6.1.1). Not includeSubDomains: Twofold usually has a
  // host name inside a company's domain and cannot vouch for hosts it does
  // not serve; a proxy in front may add it for a domain that is all HTTPS.
  if (tls) headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
  return headers;
}

}  // namespace twofold::server
