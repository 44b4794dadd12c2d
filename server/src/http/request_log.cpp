#include "http/request_log.hpp"

#include <charconv>

#include "twofold/text/json_string.hpp"
#include "runtime/logger.hpp"
#include "runtime/server_metrics.hpp"

namespace twofold::server {

namespace {

// Whole microseconds shown as milliseconds, in the fewest digits that read
// back the same: 1.234, not 1.2345678 nor 1.23399999.
void append_milliseconds(std::string& line, std::chrono::steady_clock::duration elapsed) {
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
  char digits[32];
  const auto end = std::to_chars(digits, digits + sizeof digits, static_cast<double>(micros) / 1000.0).ptr;
  line.append(digits, end);
}

}  // namespace

std::string_view path_without_query(std::string_view target) {
  return target.substr(0, target.find_first_of("?#"));
}

void log_request(logger& log, const request_summary& summary) {
  server_metrics::process().request_answered(summary.route, summary.status, summary.duration);
  if (!log.enabled(log_level::info)) return;
  thread_local std::string members;  // its memory kept from request to request
  members.assign(R"("method":)");
  text::append_json_string(members, summary.method);
  members.append(R"(,"path":)");
  text::append_json_string(members, path_without_query(summary.target));
  members.append(R"(,"status":)");
  members += std::to_string(summary.status);
  members.append(R"(,"duration_ms":)");
  append_milliseconds(members, summary.duration);
  members.append(R"(,"ip":)");
  text::append_json_string(members, summary.remote_ip);
  log.write_rendered(log_level::info, "http.request", members);
}

}  // namespace twofold::server
