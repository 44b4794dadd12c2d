#pragma once
// The two ways of proving the second factor. Stored and sent as "email" and
// "app"; one method at a time per user.
#include <optional>
#include <string_view>

namespace twofold::server {

enum class two_factor_method { email, app };

[[nodiscard]] constexpr std::string_view method_name(two_factor_method method) {
  return method == two_factor_method::email ? "email" : "app";
}

[[nodiscard]] constexpr std::optional<two_factor_method> parse_method(std::string_view name) {
  if (name == "email") return two_factor_method::email;
  if (name == "app") return two_factor_method::app;
  return std::nullopt;
}

}  // namespace twofold::server
