#include "twofold/validation/time_zone.hpp"

namespace twofold {

namespace {

bool zone_character(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '+' ||
         c == '-';
}

bool zone_part(std::string_view part) {
  if (part.empty() || part.front() == '-') return false;
  for (const char c : part) {
    if (!zone_character(c)) return false;
  }
  return true;
}

}  // namespace

std::optional<field_error> check_time_zone(std::string_view name) {
  const field_error invalid{.field = "time_zone", .code = "invalid_time_zone", .message_key = "validation.invalid_time_zone"};
  if (name.empty() || name.size() > max_time_zone_length) return invalid;
  std::string_view rest = name;
  while (true) {
    const auto slash = rest.find('/');
    if (!zone_part(rest.substr(0, slash))) return invalid;
    if (slash == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(slash + 1);
  }
}

}  // namespace twofold
