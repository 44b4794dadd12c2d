#pragma once
// Headers every response carries, whoever produced it (app or HTTP layer).
#include <span>
#include <string>
#include <string_view>

namespace twofold::server {

// Content-Security-Policy allowing our own scripts and the wasm core
// ('wasm-unsafe-eval') and nothing inline; nosniff; no referrer; no framing;
// HSTS when browsers reach us over HTTPS (here or at a TLS-terminating proxy).
// A response that already carries one of these headers keeps its own: a page
// with an inline import map sends a policy that also allows that script.
// Added where every answer passes, as it goes on the wire (http/beast_messages.hpp).
struct header_line {
  std::string_view name;
  std::string_view value;
};
[[nodiscard]] std::span<const header_line> security_headers(bool tls);

// The Content-Security-Policy above, its script-src also allowing the inline
// scripts with these hashes (CSP3 hash sources without quotes, e.g.
// "sha256-<base64>"): never 'unsafe-inline'.
[[nodiscard]] std::string content_security_policy(std::span<const std::string> inline_script_hashes);

}  // namespace twofold::server
