#include "runtime/logger.hpp"

#include <chrono>
#include <ctime>
#include <ostream>

namespace twofold::server {

namespace {

std::string_view level_name(log_level level) {
  switch (level) {
    case log_level::debug: return "debug";
    case log_level::info: return "info";
    case log_level::warn: return "warn";
    case log_level::error: return "error";
  }
  return "info";
}

std::string utc_now() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%FT%TZ", &utc);
  return text;
}

}  // namespace

logger::logger(std::ostream& out, log_level min_level) : out_(out), min_level_(min_level) {}

void logger::write(log_level level, std::string_view event, nlohmann::json fields) {
  if (level < min_level_) return;
  nlohmann::json line = {{"ts", utc_now()}, {"level", level_name(level)}, {"event", event}};
  if (fields.is_object()) line.update(fields);
  // Invalid UTF-8 from a client (a header, say) is replaced, never thrown.
  auto text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard lock(mutex_);
  out_ << text << '\n';
  out_.flush();
}

}  // namespace twofold::server
