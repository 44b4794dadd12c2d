#pragma once
// Structured logs: one JSON object per line on standard output, e.g.
// {"ts":"2026-11-22T03:04:05Z","level":"info","event":"http.request",...}
// Safe to call from any thread; a line is never interleaved with another.
#include <iosfwd>
#include <mutex>
#include <string_view>

#include <nlohmann/json.hpp>

namespace twofold::server {

enum class log_level { debug, info, warn, error };

class logger {
 public:
  explicit logger(std::ostream& out, log_level min_level = log_level::info);

  void write(log_level level, std::string_view event, nlohmann::json fields = nlohmann::json::object());
  void info(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
    write(log_level::info, event, std::move(fields));
  }
  void warn(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
    write(log_level::warn, event, std::move(fields));
  }
  void error(std::string_view event, nlohmann::json fields = nlohmann::json::object()) {
    write(log_level::error, event, std::move(fields));
  }

 private:
  std::mutex mutex_;
  std::ostream& out_;
  log_level min_level_;
};

}  // namespace twofold::server
