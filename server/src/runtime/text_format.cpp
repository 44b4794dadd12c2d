#include "runtime/text_format.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace twofold::server {

std::string iso8601(timestamp at) {
  const auto day = std::chrono::floor<std::chrono::days>(at);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss time{at - day};
  char text[64];  // room for any int the compiler cannot rule out
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<long>(time.hours().count()), static_cast<long>(time.minutes().count()),
                static_cast<long>(time.seconds().count()));
  return text;
}

std::string fill_placeholders(std::string_view text, const placeholders& values) {
  std::string filled;
  filled.reserve(text.size());
  while (!text.empty()) {
    const auto open = text.find('{');
    const auto close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) break;
    filled.append(text.substr(0, open));
    const auto name = text.substr(open + 1, close - open - 1);
    const auto value =
        std::find_if(values.begin(), values.end(), [&](const auto& entry) { return entry.first == name; });
    filled.append(value == values.end() ? text.substr(open, close - open + 1) : std::string_view(value->second));
    text.remove_prefix(close + 1);
  }
  filled.append(text);
  return filled;
}

}  // namespace twofold::server
