#pragma once
// Headers every response carries, whoever produced it (app or HTTP layer).
#include <string>
#include <utility>
#include <vector>

namespace twofold::server {

// Content-Security-Policy allowing our own scripts and the wasm core
// ('wasm-unsafe-eval') and nothing inline; nosniff; no referrer; no framing;
// HSTS when browsers reach us over HTTPS (here or at a TLS-terminating proxy).
[[nodiscard]] std::vector<std::pair<std::string, std::string>> security_headers(bool tls);

}  // namespace twofold::server
