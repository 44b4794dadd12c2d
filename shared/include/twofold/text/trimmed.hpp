#pragma once
// A piece of text without the spaces around it; what counts as a space is
// the caller's grammar's (HTTP's OWS is space and tab, CSS adds line ends).
#include <string_view>

namespace twofold::text {

inline constexpr std::string_view http_spaces = " \t";

[[nodiscard]] constexpr std::string_view trimmed(std::string_view text, std::string_view spaces = http_spaces) {
  const auto first = text.find_first_not_of(spaces);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(spaces) - first + 1);
}

}  // namespace twofold::text
