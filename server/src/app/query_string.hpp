#pragma once
// The path and the query parameters of a request target, the latter decoded by Boost.URL
// (application/x-www-form-urlencoded: %XX and '+' for a space).
#include <optional>
#include <string>
#include <string_view>

namespace twofold::server {

// "/api/me?x=1#y" -> "/api/me": the target's path, without query or fragment.
[[nodiscard]] inline std::string_view path_of(std::string_view target) {
  return target.substr(0, target.find_first_of("?#"));
}

// The first value of parameter `name` in `target` ("/api/admin/users?q=ali+ce&page=2");
// empty when it is absent or the target is not a valid origin-form URI.
[[nodiscard]] std::optional<std::string> query_parameter(std::string_view target, std::string_view name);

}  // namespace twofold::server
