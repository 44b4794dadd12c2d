#include "runtime/logger.hpp"

#include <chrono>
#include <ostream>

#include "twofold/text/json_string.hpp"

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

// "2026-11-22T03:04:05Z", formatted once a second per thread.
std::string_view utc_now() {
  thread_local std::time_t formatted_second = -1;
  thread_local char text[32];
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  if (now != formatted_second) {
    std::tm utc{};
    gmtime_r(&now, &utc);
    std::strftime(text, sizeof text, "%FT%TZ", &utc);
    formatted_second = now;
  }
  return text;
}

}  // namespace

logger::logger(std::ostream& out, log_level min_level) : out_(out), min_level_(min_level) {}

void logger::write(log_level level, std::string_view event, nlohmann::json fields) {
  if (!enabled(level)) return;
  nlohmann::json line = {{"ts", utc_now()}, {"level", level_name(level)}, {"event", event}};
  if (fields.is_object()) line.update(fields);
  // Invalid UTF-8 from a client (a header, say) is replaced, never thrown.
  emit(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void logger::write_rendered(log_level level, std::string_view event, std::string_view members) {
  if (!enabled(level)) return;
  thread_local std::string line;  // its memory kept from line to line
  line.assign(R"({"ts":")").append(utc_now()).append(R"(","level":")").append(level_name(level));
  line.append(R"(","event":)");
  text::append_json_string(line, event);
  if (!members.empty()) line.append(",").append(members);
  line += '}';
  emit(line);
}

void logger::emit(std::string_view line) {
  std::unique_lock lock(mutex_);
  waiting_.append(line).push_back('\n');
  if (writing_) return;  // the writing thread takes this line with its next batch
  writing_ = true;
  while (!waiting_.empty()) {
    writing_batch_.swap(waiting_);
    lock.unlock();
    out_.write(writing_batch_.data(), static_cast<std::streamsize>(writing_batch_.size()));
    out_.flush();
    writing_batch_.clear();
    lock.lock();
  }
  writing_ = false;
}

}  // namespace twofold::server
