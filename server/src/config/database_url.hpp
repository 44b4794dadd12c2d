#pragma once
// --database: a PostgreSQL URL, checked when the server starts, so a typo
// is a clear message rather than a failed connection later.
#include <optional>
#include <string>
#include <string_view>

namespace twofold::server {

// Empty when `url` is a postgresql:// (or postgres://) URL libpq can read;
// otherwise what is wrong, for the person who typed it as `option`.
[[nodiscard]] std::optional<std::string> database_url_problem(std::string_view url,
                                                              std::string_view option = "--database");

// Whether the URL names a password (user:password@ or ?password=).
[[nodiscard]] bool database_url_has_password(std::string_view url);

}  // namespace twofold::server
