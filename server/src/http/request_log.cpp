#include "http/request_log.hpp"

#include "runtime/logger.hpp"
#include "runtime/server_metrics.hpp"

namespace twofold::server {

std::string_view path_without_query(std::string_view target) {
  return target.substr(0, target.find_first_of("?#"));
}

void log_request(logger& log, const request_summary& summary) {
  server_metrics::process().request_answered(summary.route, summary.status, summary.duration);
  // Whole microseconds shown as milliseconds: 1.234, not 1.2345678.
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(summary.duration).count();
  log.info("http.request", {{"method", summary.method},
                            {"path", path_without_query(summary.target)},
                            {"status", summary.status},
                            {"duration_ms", static_cast<double>(micros) / 1000.0},
                            {"ip", summary.remote_ip}});
}

}  // namespace twofold::server
