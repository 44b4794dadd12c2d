#pragma once
// The company's audit log as its administrators read it: filtered by user,
// event name and time, newest first, audit_page_size events a page.
//
// Query parameters (each optional; an empty value is the same as none):
//   user   a positive user id (digits only), or text matched as a plain,
//          case-insensitive substring of the username, email or display
//          name (also the username of a deleted user); at most
//          max_audit_user_filter code points, no control characters.
//          Either form matches the user an event is about or the
//          administrator who acted (detail.by_user_id)
//   event  one of audit::known_events ("invalid_choice")
//   from   ISO 8601 date-time with a zone, inclusive ("invalid_time")
//   to     the same, inclusive; not before `from` ("before_from")
//   page   1..max_audit_page ("out_of_range")
// Times: YYYY-MM-DDTHH:MM[:SS[.fraction]] then Z or +HH:MM / -HH:MM,
// years 1970..9999; the fraction is dropped (the log keeps whole seconds).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "account/user.hpp"
#include "storage/people_records.hpp"
#include "twofold/time.hpp"
#include "twofold/validation/field_error.hpp"

namespace twofold::server {

class storage;

inline constexpr std::int64_t audit_page_size = 50;
inline constexpr std::int64_t max_audit_page = 10'000;
inline constexpr std::size_t max_audit_user_filter = 254;  // code points, an email address at most

struct audit_log_parameters {
  std::optional<std::string> user = std::nullopt;
  std::optional<std::string> event = std::nullopt;
  std::optional<std::string> from = std::nullopt;
  std::optional<std::string> to = std::nullopt;
  std::optional<std::string> page = std::nullopt;
};

struct audit_log_request {
  audit_query_record query;
  std::int64_t page = 1;
};

// Every parameter is checked; one error per parameter, in the order above.
[[nodiscard]] std::variant<audit_log_request, field_errors> parse_audit_log_parameters(
    const audit_log_parameters& parameters);

// An ISO 8601 date-time with a zone (the format above); empty when it is not one.
[[nodiscard]] std::optional<timestamp> parse_iso8601(std::string_view text);

struct audit_log_page {
  audit_page_record events;
  std::int64_t page = 1;
};

// The events of the administrator's own company only.
[[nodiscard]] audit_log_page read_audit_log(storage& store, const user& admin, const audit_log_request& request);

}  // namespace twofold::server
