#pragma once
// The application: every request (API and static files) goes through
// handle(). It is thread-safe; whether it may block (password hashing, the
// database) depends on the request, and lane_of() tells the HTTP layer where
// to call it.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <span>

#include "app/http_types.hpp"
#include "app/request_lane.hpp"

namespace twofold::server {

struct config;
class storage;
class clock;
class logger;
class server_key;
class password_hasher;
class password_reset_worker;

struct route;

class app {
 public:
  // Reads the static files, so construct it once at start; `hasher` is the
  // process's one password hasher (its copies share its cores). `store`,
  // `clk`, `key` and `log` must outlive it.
  app(const config& cfg, storage& store, const clock& clk, const server_key& key, const password_hasher& hasher,
      logger& log);
  ~app();
  app(const app&) = delete;
  app& operator=(const app&) = delete;

  // Never throws: an unexpected failure is logged and answered with 500.
  // HEAD is answered like GET, body included: the HTTP layer sends its
  // length and drops it, and adds the security headers an answer left out.
  [[nodiscard]] http_response handle(const http_request& request);

  // Where handle() may run for `request` (request_lane.hpp): on the I/O
  // thread only when its answer comes from memory.
  [[nodiscard]] request_lane lane_of(const http_request& request) const;

  // The port the server bound: mailed links use it when no public URL is
  // configured (auth/public_links.hpp).
  void listening_on(std::uint16_t port);

  // Resolves the forgot-password requests this app queues: the caller
  // starts and stops it (and tells it of new requests: notify()).
  [[nodiscard]] password_reset_worker& reset_requests();

  // /readyz answers 503, naming `name`, while `running` says the background
  // thread it asks about has stopped. Call before serving; what `running`
  // refers to must outlive the app.
  void watch(std::string_view name, std::function<bool()> running);

  // The /api/ routes as declared (route.hpp): --list-routes prints them for
  // docs/openapi.yaml's consistency test.
  [[nodiscard]] static std::span<const route> api_routes();

  struct impl;

 private:
  std::unique_ptr<impl> impl_;
};

}  // namespace twofold::server
