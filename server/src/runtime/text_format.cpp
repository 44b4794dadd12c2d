#include "runtime/text_format.hpp"

#include <algorithm>

namespace twofold::server {

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
