#pragma once
// The whole application without a network: a temporary data folder with
// Acme Corp seeded, a small web app and wasm core on disk, a manual clock,
// logs captured in memory, and helpers that build requests the way a browser
// on http://twofold.test:8080 would.
#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "config/config.hpp"
#include "runtime/clock.hpp"
#include "runtime/logger.hpp"
#include "support/database_probe.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"
#include "support/test_accounts.hpp"
#include "two_factor/server_key.hpp"

namespace twofold::server::testing {

inline constexpr std::string_view test_host = "twofold.test:8080";
inline constexpr std::string_view test_origin = "http://twofold.test:8080";
inline constexpr std::string_view test_client_ip = "203.0.113.7";  // RFC 5737 documentation range

using header_list = std::vector<std::pair<std::string, std::string>>;

// Whether the harness waits for what the app loads on threads of its own
// (uap-core's rules, the password blocklist) before the test starts, as a
// server has them moments after it listens.
enum class background_loads { awaited, not_awaited };

class app_harness {
 public:
  // `adjust` changes the configuration before the app is built; the accounts
  // are hashed with `seed_parameters`.
  // The database is SQLite in cfg.data_dir, or a fresh PostgreSQL one.
  explicit app_harness(const std::function<void(config&)>& adjust = {},
                       argon2_parameters seed_parameters = fast_argon2,
                       test_backend backend = test_backend::sqlite,
                       background_loads loads = background_loads::awaited);

  // A request from the test browser: Host and remote address filled in;
  // `headers` (names in lower case) are added or replace those.
  [[nodiscard]] http_request request(std::string method, std::string target, const header_list& headers = {},
                                     std::string body = {}) const;
  [[nodiscard]] http_response send(const http_request& request);

  [[nodiscard]] http_response get(std::string target, const header_list& headers = {});
  // With X-Requested-With: twofold and our Origin, as the web app sends it.
  [[nodiscard]] http_response post(std::string target, std::string body, const header_list& headers = {});
  [[nodiscard]] http_response remove(std::string target, const header_list& headers = {});

  [[nodiscard]] http_response sign_in(std::string_view company, std::string_view account, std::string_view password,
                                      const header_list& headers = {});
  [[nodiscard]] http_response sign_in_as(const test_account& account, const header_list& headers = {});

  // Serves the following requests through `wrapped` (which forwards to
  // real_storage()), e.g. a rendezvous_storage that forces races.
  void serve_through(storage& wrapped);
  [[nodiscard]] storage& real_storage() { return *store_; }
  [[nodiscard]] app& application() { return *app_; }
  // The forgot-password worker's pass, in this thread (the server runs it on
  // a thread of its own): how many queued requests it resolved.
  std::size_t resolve_reset_requests();

  [[nodiscard]] database_probe probe() const { return database_probe(cfg.data_dir); }  // SQLite's
  [[nodiscard]] const test_database& database() const { return *database_; }  // either
  [[nodiscard]] std::string logs() const { return log_text_.str(); }

  temp_dir dir;
  config cfg;
  manual_clock clock{test_epoch};
  server_key key{test_server_key};
  // Change sets that enqueued mail; atomic, as requests racing on threads
  // each tell the listener (ThreadSanitizer found the plain int).
  std::atomic<int> mail_notifications = 0;

 private:
  std::ostringstream log_text_;
  logger log_{log_text_, log_level::debug};
  std::unique_ptr<test_database> database_;
  std::unique_ptr<sql_storage> store_;
  std::unique_ptr<password_hasher> hasher_;  // the app's, as main's is
  std::unique_ptr<app> app_;
};

// The first header with this name (case-insensitive), or "".
[[nodiscard]] std::string header_of(const http_response& response, std::string_view name);
[[nodiscard]] std::vector<std::string> headers_named(const http_response& response, std::string_view name);

// "twofold_session=VALUE" from the response's Set-Cookie, ready for a Cookie
// header; "" when there is none.
[[nodiscard]] std::string cookie_of(const http_response& response);

[[nodiscard]] nlohmann::json json_of(const http_response& response);

// The sign-in body the web app sends.
[[nodiscard]] std::string sign_in_body(std::string_view company, std::string_view account, std::string_view password);

}  // namespace twofold::server::testing
