#pragma once
// Text the server writes into answers and mails: catalog placeholders filled
// with values, and times in ISO 8601.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "twofold/time.hpp"

namespace twofold::server {

// Values for a message's {name} placeholders, e.g. {{"seconds", "30"}}.
using placeholders = std::vector<std::pair<std::string_view, std::string>>;

// "2026-11-22T07:30:00Z"
[[nodiscard]] std::string iso8601(timestamp at);

// Fills {name} placeholders; unknown ones are left as written.
[[nodiscard]] std::string fill_placeholders(std::string_view text, const placeholders& values);

}  // namespace twofold::server
