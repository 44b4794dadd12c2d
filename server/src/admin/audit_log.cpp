#include "admin/audit_log.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>

#include "account/audit.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

namespace {

field_errors::value_type error_of(std::string_view field, std::string_view code) {
  return field_error{.field = std::string(field), .code = std::string(code), .message_key = "validation." + std::string(code)};
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::ranges::all_of(text, [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<std::int64_t> number_of(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Exactly `digits` decimal digits at `at`, advancing it.
std::optional<int> fixed_number(std::string_view text, std::size_t& at, std::size_t digits) {
  if (at + digits > text.size() || !all_digits(text.substr(at, digits))) return std::nullopt;
  const auto value = number_of(text.substr(at, digits));
  at += digits;
  return static_cast<int>(*value);
}

bool expect(std::string_view text, std::size_t& at, char c) {
  if (at >= text.size() || text[at] != c) return false;
  ++at;
  return true;
}

std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(
      std::ranges::count_if(text, [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

bool has_control_characters(std::string_view text) {
  return std::ranges::any_of(text, [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20U || byte == 0x7FU;
  });
}

std::optional<std::string> present(const std::optional<std::string>& value) {
  if (!value || value->empty()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<timestamp> parse_iso8601(std::string_view text) {
  std::size_t at = 0;
  const auto year = fixed_number(text, at, 4);
  if (!year || !expect(text, at, '-')) return std::nullopt;
  const auto month = fixed_number(text, at, 2);
  if (!month || !expect(text, at, '-')) return std::nullopt;
  const auto day = fixed_number(text, at, 2);
  if (!day || !expect(text, at, 'T')) return std::nullopt;
  const auto hour = fixed_number(text, at, 2);
  if (!hour || !expect(text, at, ':')) return std::nullopt;
  const auto minute = fixed_number(text, at, 2);
  if (!minute) return std::nullopt;
  int second = 0;
  if (at < text.size() && text[at] == ':') {
    ++at;
    const auto seconds = fixed_number(text, at, 2);
    if (!seconds) return std::nullopt;
    second = *seconds;
    if (at < text.size() && text[at] == '.') {
      const std::size_t start = ++at;
      while (at < text.size() && text[at] >= '0' && text[at] <= '9' && at - start < 9) ++at;
      if (at == start) return std::nullopt;
    }
  }
  int offset_minutes = 0;
  if (expect(text, at, 'Z')) {
  } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    const int sign = text[at++] == '+' ? 1 : -1;
    const auto zone_hours = fixed_number(text, at, 2);
    if (!zone_hours || !expect(text, at, ':')) return std::nullopt;
    const auto zone_minutes = fixed_number(text, at, 2);
    if (!zone_minutes || *zone_hours > 23 || *zone_minutes > 59) return std::nullopt;
    offset_minutes = sign * (*zone_hours * 60 + *zone_minutes);
  } else {
    return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;

  const std::chrono::year_month_day date{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                                         std::chrono::day{static_cast<unsigned>(*day)}};
  if (*year < 1970 || !date.ok() || *hour > 23 || *minute > 59 || second > 59) return std::nullopt;
  const auto local = std::chrono::sys_days{date} + std::chrono::hours{*hour} + std::chrono::minutes{*minute} +
                     std::chrono::seconds{second};
  return timestamp{std::chrono::duration_cast<std::chrono::seconds>(local.time_since_epoch()) -
                   std::chrono::minutes{offset_minutes}};
}

std::variant<audit_log_request, field_errors> parse_audit_log_parameters(const audit_log_parameters& parameters) {
  field_errors errors;
  audit_log_request request;

  if (const auto user = present(parameters.user)) {
    if (all_digits(*user)) {
      const auto id = number_of(*user);
      if (!id || *id <= 0) errors.push_back(error_of("user", "out_of_range"));
      else request.query.user_id = *id;
    } else if (has_control_characters(*user)) {
      errors.push_back(error_of("user", "control_characters"));
    } else if (code_points(*user) > max_audit_user_filter) {
      errors.push_back(error_of("user", "too_long"));
    } else {
      request.query.account = *user;
    }
  }

  if (const auto event = present(parameters.event)) {
    if (std::ranges::find(audit::known_events, std::string_view(*event)) == audit::known_events.end()) {
      errors.push_back(error_of("event", "invalid_choice"));
    } else {
      request.query.event = *event;
    }
  }

  for (const auto& [field, text, bound] : {std::tuple{"from", &parameters.from, &request.query.from},
                                           std::tuple{"to", &parameters.to, &request.query.to}}) {
    const auto value = present(*text);
    if (!value) continue;
    *bound = parse_iso8601(*value);
    if (!*bound) errors.push_back(error_of(field, "invalid_time"));
  }
  if (request.query.from && request.query.to && *request.query.to < *request.query.from) {
    errors.push_back(error_of("to", "before_from"));
  }

  if (const auto page = present(parameters.page)) {
    const auto number = all_digits(*page) ? number_of(*page) : std::nullopt;
    if (!number || *number < 1 || *number > max_audit_page) errors.push_back(error_of("page", "out_of_range"));
    else request.page = *number;
  }

  if (!errors.empty()) return errors;
  return request;
}

audit_log_page read_audit_log(storage& store, const user& admin, const audit_log_request& request) {
  return audit_log_page{
      .events = store.list_audit_events(admin.company_id, request.query, (request.page - 1) * audit_page_size,
                                        audit_page_size),
      .page = request.page,
  };
}

}  // namespace twofold::server
