#include "mail/mime_message.hpp"

#include <sodium.h>

#include <array>
#include <chrono>
#include <cstdio>

namespace twofold::server {

namespace {

constexpr std::string_view crlf = "\r\n";

// "=_" occurs in no base64 text, so the boundary cannot collide with a body.
constexpr std::string_view boundary = "=_twofold_alternative";

// RFC 2047 §2 allows encoded words of 75 characters; ours are 64 (12 for
// "=?UTF-8?B?" and "?=", 52 of base64 = 39 bytes), so that even the first,
// after "Subject: ", keeps the line within RFC 5322's 78 characters.
constexpr std::size_t encoded_word_bytes = 39;

// RFC 2045 §6.8: encoded lines of at most 76 characters = 57 bytes.
constexpr std::size_t base64_line_bytes = 57;

std::string base64(std::string_view bytes) {
  std::string encoded(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  encoded.pop_back();  // the terminating NUL sodium writes
  return encoded;
}

bool is_printable_ascii(std::string_view text) {
  for (const char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xc0) == 0x80; }

// A header value on one line: a CR or LF would start a header of its own.
std::string single_line(std::string_view text) {
  std::string line;
  for (const char c : text) line += (c == '\r' || c == '\n') ? ' ' : c;
  return line;
}

std::string base64_body(std::string_view bytes) {
  std::string body;
  for (std::size_t offset = 0; offset < bytes.size(); offset += base64_line_bytes) {
    body += base64(bytes.substr(offset, base64_line_bytes));
    body += crlf;
  }
  return body;
}

std::string body_part(std::string_view content_type, std::string_view content) {
  std::string part = "--" + std::string(boundary) + std::string(crlf);
  part += "Content-Type: " + std::string(content_type) + "; charset=UTF-8" + std::string(crlf);
  part += "Content-Transfer-Encoding: base64" + std::string(crlf) + std::string(crlf);
  part += base64_body(content);
  return part;
}

std::string header(std::string_view name, std::string_view value) {
  return std::string(name) + ": " + std::string(value) + std::string(crlf);
}

}  // namespace

std::string encoded_header_text(std::string_view text) {
  if (is_printable_ascii(text)) return std::string(text);
  std::string words;
  std::size_t offset = 0;
  while (offset < text.size()) {
    std::size_t length = std::min(encoded_word_bytes, text.size() - offset);
    while (offset + length < text.size() && length > 1 && is_utf8_continuation(text[offset + length])) --length;
    if (!words.empty()) words += "\r\n ";
    words += "=?UTF-8?B?" + base64(text.substr(offset, length)) + "?=";
    offset += length;
  }
  return words;
}

std::string rfc5322_date(timestamp at) {
  static constexpr std::array<const char*, 7> day_names{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> month_names{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = std::chrono::floor<std::chrono::days>(at);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss time{at - day};
  std::array<char, 40> text{};
  std::snprintf(text.data(), text.size(), "%s, %02u %s %04d %02d:%02d:%02d +0000",
                day_names[std::chrono::weekday{day}.c_encoding()], static_cast<unsigned>(date.day()),
                month_names[static_cast<unsigned>(date.month()) - 1], static_cast<int>(date.year()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return text.data();
}

std::string mime_message(const mail_message& message, const mime_envelope& envelope) {
  std::string text;
  text += header("From", single_line(envelope.from));
  text += header("To", single_line(message.to));
  text += header("Subject", encoded_header_text(single_line(message.subject)));
  text += header("Date", rfc5322_date(envelope.date));
  text += header("Message-ID", "<" + single_line(envelope.message_id) + ">");
  text += header("MIME-Version", "1.0");
  text += header("Content-Type", "multipart/alternative; boundary=\"" + std::string(boundary) + "\"");
  text += crlf;
  text += body_part("text/plain", message.text);
  text += body_part("text/html", message.html);
  text += "--" + std::string(boundary) + "--" + std::string(crlf);
  return text;
}

}  // namespace twofold::server
