#pragma once
// The Boost.Beast HTTP/1.1 server: accepts connections (plain, or TLS when
// configured), reads each request with a body limit and a timeout, runs the
// handler on the worker pool (never on an I/O thread: it may hash passwords or
// wait on SQLite) and writes the answer. Stops gracefully on SIGINT/SIGTERM:
// stops accepting, lets in-flight requests finish and be written, returns.
// No Boost header leaks out of this interface.
#include <cstdint>
#include <functional>

#include "app/http_types.hpp"

namespace twofold::server {

struct config;
class logger;

using request_handler = std::function<http_response(const http_request&)>;

// Blocks until shutdown. `on_listening` is called once with the bound port
// (useful when config.port is 0). Returns the process exit code.
int serve(const config& cfg, const request_handler& handler, logger& log,
          const std::function<void(std::uint16_t port)>& on_listening);

}  // namespace twofold::server
