#include "mail/outbox_file.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>

namespace twofold::server {

namespace {

// 20260101T000000Z (ISO 8601 basic format): sorts by time, safe in file names.
std::string compact_time(timestamp at) {
  const auto day = std::chrono::floor<std::chrono::days>(at);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss time{at - day};
  std::array<char, 24> text{};
  std::snprintf(text.data(), text.size(), "%04d%02u%02uT%02d%02d%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return text.data();
}

}  // namespace

std::filesystem::path outbox_file(const std::filesystem::path& folder, timestamp created_at, row_id id,
                                  std::string_view extension) {
  return folder / (compact_time(created_at) + "-" + std::to_string(id) + std::string(extension));
}

delivery_result write_outbox_file(const std::filesystem::path& file, std::string_view content) {
  auto partial = file;
  partial += ".partial";
  std::error_code error;
  std::filesystem::create_directories(file.parent_path(), error);
  if (error) return failure{"cannot create " + file.parent_path().string() + ": " + error.message()};
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) return failure{"cannot write " + partial.string()};
  }
  std::filesystem::rename(partial, file, error);
  if (error) return failure{"cannot rename " + partial.string() + ": " + error.message()};
  return delivered{};
}

}  // namespace twofold::server
