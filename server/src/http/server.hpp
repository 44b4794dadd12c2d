#pragma once
// The Boost.Beast HTTP/1.1 server: accepts connections (plain, or TLS when
// configured), reads each request with a body limit and a timeout, runs the
// handler where the application says it may (app/request_lane.hpp): on the
// I/O thread, on the worker pool, or on the password-hashing pool, whose
// queue is bounded (config.password_queue; 503 beyond it), and writes the
// answer. Stops gracefully on SIGINT/SIGTERM:
// stops accepting, lets in-flight requests finish and be written, returns.
// No Boost header leaks out of this interface.
#include <cstdint>
#include <functional>

#include "app/http_types.hpp"
#include "app/request_lane.hpp"

namespace twofold::server {

struct config;
class logger;

// The application as the server calls it: where each request may run, and
// what answers it there.
struct request_handler {
  std::function<request_lane(const http_request&)> lane_of;
  std::function<http_response(const http_request&)> handle;
};

// Blocks until shutdown. `on_listening` is called once with the bound port
// (useful when config.port is 0). Returns the process exit code.
int serve(const config& cfg, const request_handler& handler, logger& log,
          const std::function<void(std::uint16_t port)>& on_listening);

}  // namespace twofold::server
