#pragma once
// Searching text with SQL LIKE … ESCAPE '\' (case-insensitive for ASCII).
#include <string>
#include <string_view>

namespace twofold::server {

// A LIKE pattern matching `text` anywhere, its own % _ and \ taken
// literally, in lower case: compare it with lower(column).
[[nodiscard]] std::string contains_pattern(std::string_view text);

}  // namespace twofold::server
