#pragma once
// What an operator's monitoring asks, beside /healthz (the process answers):
//   GET /readyz   200 {"status":"ready"} | 503 {"status":"not_ready","failing":[...]}:
//                 the database reachable and writable within a short wait
//                 (storage::readiness_problem), each outbox sender's thread running,
//                 uap-core's rules compiled and the password blocklist read
//   GET /metrics  the Prometheus text format (runtime/server_metrics.hpp and the
//                 outboxes read now); only with a metrics token configured, and
//                 then only for "Authorization: Bearer <token>" (401 otherwise)
// Neither carries personal data: counts and fixed label values only.
#include <array>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "app/http_types.hpp"

namespace twofold::server {

struct config;
class storage;
class clock;
class logger;

// The paths served beside the API, each answering GET and HEAD; with their
// access as --list-routes prints it, for docs/openapi.yaml's test.
struct watch_path {
  std::string_view path;
  std::string_view access;  // "anyone" | "metrics_token"
};
inline constexpr std::array watch_paths{watch_path{"/healthz", "anyone"}, watch_path{"/readyz", "anyone"},
                                        watch_path{"/metrics", "metrics_token"}};
[[nodiscard]] bool is_watch_path(std::string_view path);

// A background thread /readyz watches (an outbox sender, the forgot-password
// worker), by the name its answer gives when it has stopped ("mail_sender");
// or what the server still loads after binding its port ("user_agent_rules"),
// by the name its answer gives until it is loaded.
struct watched_worker {
  std::string name;
  std::function<bool()> running;  // or loaded
  std::string_view problem = "stopped";  // for the log: "stopped" | "not_loaded"
};

[[nodiscard]] http_response readiness_answer(storage& store, std::span<const watched_worker> workers, logger& log);

// Empty when /metrics is off (no token configured): the path is then unknown.
[[nodiscard]] std::optional<http_response> metrics_answer(const http_request& request, const config& cfg,
                                                          storage& store, const clock& clk);

// Whether an Authorization header carries `token` as a Bearer token,
// compared in constant time (the token's length aside).
[[nodiscard]] bool bearer_token_matches(std::string_view authorization, std::string_view token);

}  // namespace twofold::server
