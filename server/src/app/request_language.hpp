#pragma once
// Which language an answer speaks: the signed-in user's, else the best match
// of the Accept-Language header (RFC 9110 §12.5.4), else English.
#include <optional>
#include <string_view>

#include "twofold/i18n/catalog.hpp"

namespace twofold::server {

// The most preferred supported language in an Accept-Language value, e.g.
// "fr;q=0.9, zh-CN, en;q=0.5" -> zh-CN. Empty when none is supported.
[[nodiscard]] std::optional<i18n::language> preferred_language(std::string_view accept_language);

[[nodiscard]] i18n::language answer_language(std::optional<i18n::language> user_language,
                                             std::string_view accept_language);

}  // namespace twofold::server
