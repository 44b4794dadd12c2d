#include "mail/file_transport.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>

#include "mail/mime_message.hpp"

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

file_transport::file_transport(const std::filesystem::path& data_dir, std::string from, logger& log)
    : folder_(data_dir / folder_name), from_(std::move(from)), log_(log) {}

std::filesystem::path file_transport::file_for(const outgoing_mail& mail) const {
  return folder_ / (compact_time(mail.created_at) + "-" + std::to_string(mail.id) + ".eml");
}

delivery_result file_transport::deliver(const outgoing_mail& mail) {
  const std::string text =
      mime_message(mail.message, {.from = from_, .date = mail.created_at, .message_id = message_id_for(mail, from_)});
  const auto file = file_for(mail);
  auto partial = file;
  partial += ".partial";
  std::error_code error;
  std::filesystem::create_directories(folder_, error);
  if (error) return failure("cannot create " + folder_.string() + ": " + error.message());
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) return failure("cannot write " + partial.string());
  }
  std::filesystem::rename(partial, file, error);
  if (error) return failure("cannot rename " + partial.string() + ": " + error.message());
  log_.info("mail.written", {{"path", file.string()}, {"outbox_id", mail.id}});
  return delivered{};
}

}  // namespace twofold::server
