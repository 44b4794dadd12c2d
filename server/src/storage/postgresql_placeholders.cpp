#include "storage/postgresql_placeholders.hpp"

#include <cctype>

namespace twofold::server {

namespace {

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// The index just past the quoted text that opens at `start` with `quote`
// (a doubled quote stands for itself), or the end of `sql`.
std::size_t past_quoted(std::string_view sql, std::size_t start, char quote) {
  std::size_t at = start + 1;
  while (at < sql.size()) {
    if (sql[at] != quote) {
      ++at;
    } else if (at + 1 < sql.size() && sql[at + 1] == quote) {
      at += 2;
    } else {
      return at + 1;
    }
  }
  return sql.size();
}

std::size_t past_line_comment(std::string_view sql, std::size_t start) {
  const auto end = sql.find('\n', start);
  return end == std::string_view::npos ? sql.size() : end + 1;
}

std::size_t past_block_comment(std::string_view sql, std::size_t start) {
  const auto end = sql.find("*/", start + 2);
  return end == std::string_view::npos ? sql.size() : end + 2;
}

}  // namespace

std::string postgresql_placeholders(std::string_view sql) {
  std::string rewritten;
  rewritten.reserve(sql.size());
  std::size_t at = 0;
  while (at < sql.size()) {
    const char c = sql[at];
    std::size_t next = at + 1;
    if (c == '\'' || c == '"') {
      next = past_quoted(sql, at, c);
    } else if (sql.substr(at, 2) == "--") {
      next = past_line_comment(sql, at);
    } else if (sql.substr(at, 2) == "/*") {
      next = past_block_comment(sql, at);
    } else if (c == '?' && at + 1 < sql.size() && is_digit(sql[at + 1])) {
      rewritten += '$';
      ++at;
      continue;
    }
    rewritten.append(sql.substr(at, next - at));
    at = next;
  }
  return rewritten;
}

}  // namespace twofold::server
