#pragma once
// Catalog placeholders filled with values (times in ISO 8601: twofold/time.hpp).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "twofold/time.hpp"

namespace twofold::server {

// Values for a message's {name} placeholders, e.g. {{"seconds", "30"}}.
using placeholders = std::vector<std::pair<std::string_view, std::string>>;

// Fills {name} placeholders; unknown ones are left as written.
[[nodiscard]] std::string fill_placeholders(std::string_view text, const placeholders& values);

}  // namespace twofold::server
