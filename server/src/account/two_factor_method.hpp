#pragma once
// The ways of proving the second factor. Stored and sent as "email", "app"
// and "sms"; one method at a time per user.
#include <optional>
#include <string_view>

namespace twofold::server {

enum class two_factor_method { email, app, sms };

[[nodiscard]] constexpr std::string_view method_name(two_factor_method method) {
  switch (method) {
    case two_factor_method::email: return "email";
    case two_factor_method::app: return "app";
    case two_factor_method::sms: return "sms";
  }
  return "app";
}

[[nodiscard]] constexpr std::optional<two_factor_method> parse_method(std::string_view name) {
  if (name == "email") return two_factor_method::email;
  if (name == "app") return two_factor_method::app;
  if (name == "sms") return two_factor_method::sms;
  return std::nullopt;
}

// Email and SMS send the person a code (and send it again on request); an
// authenticator app shows its own.
[[nodiscard]] constexpr bool sends_codes(two_factor_method method) { return method != two_factor_method::app; }

}  // namespace twofold::server
