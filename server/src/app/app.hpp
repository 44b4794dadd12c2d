#pragma once
// The application: every request (API and static files) goes through
// handle(). It is thread-safe and may block (password hashing, SQLite), so
// the HTTP layer calls it on the worker pool, never on an I/O thread.
#include <memory>
#include <string>
#include <vector>

#include "app/http_types.hpp"

namespace twofold::server {

struct config;
class storage;
class clock;

struct route_info {
  std::string method;  // "GET", "POST", "DELETE"
  std::string path;    // "/api/session"
};

class app {
 public:
  app(const config& cfg, storage& store, const clock& clk);
  ~app();
  app(const app&) = delete;
  app& operator=(const app&) = delete;

  [[nodiscard]] http_response handle(const http_request& request);

  // The /api/ routes, for docs/openapi.yaml's consistency test.
  [[nodiscard]] static std::vector<route_info> api_routes();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace twofold::server
