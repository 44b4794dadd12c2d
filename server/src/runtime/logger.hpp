#pragma once
// Structured logs: one JSON object per line on standard output, e.g.
// {"ts":"2026-11-22T03:04:05Z","level":"info","event":"http.request",...}
// Safe to call from any thread; a line is never interleaved with another.
//
// Lines are written in batches: the thread that finds no write under way
// writes every line waiting, then those that arrived meanwhile, so a busy
// server makes one write(2) for many lines, and an idle one writes each line
// at once. Once every thread that logged has returned from the call, all
// their lines have been written.
#include <ctime>
#include <iosfwd>
#include <mutex>
#include <string>
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

  // The same line from fields already rendered, for the per-request line
  // (no JSON tree built): `members` is what goes between the braces after
  // "ts", "level" and "event", e.g. `"status":200,"ip":"192.0.2.1"`.
  void write_rendered(log_level level, std::string_view event, std::string_view members);

  [[nodiscard]] bool enabled(log_level level) const { return level >= min_level_; }

 private:
  void emit(std::string_view line);

  std::mutex mutex_;
  std::string waiting_;  // lines not yet written, each ending in '\n'
  bool writing_ = false;
  std::string writing_batch_;  // only the writing thread touches it
  std::ostream& out_;
  log_level min_level_;
};

}  // namespace twofold::server
