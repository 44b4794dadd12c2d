#pragma once
// One log line per answered request:
// {"event":"http.request","method","path","status","duration_ms","ip"}
// The path is logged without its query string, which may carry secrets.
#include <chrono>
#include <string>
#include <string_view>

#include "runtime/route_class.hpp"

namespace twofold::server {

class logger;

struct request_summary {
  std::string method;  // empty when the request line could not be parsed
  std::string target;  // as received; the query is dropped when logged
  std::string remote_ip;
  unsigned status = 0;
  std::chrono::steady_clock::duration duration{};  // request read -> answer written
  route_class route = route_class::transport;      // as the application classed it
};

// Logs the request and counts it on /metrics.
void log_request(logger& log, const request_summary& summary);

// "/api/me?x=1" -> "/api/me"
[[nodiscard]] std::string_view path_without_query(std::string_view target);

}  // namespace twofold::server
