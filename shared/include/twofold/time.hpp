#pragma once
// The core never reads a clock: callers pass the current time in.
//
// Times are written as ISO 8601 (ISO 8601-1:2019, in the RFC 3339 profile):
// UTC, whole seconds, four-digit years, e.g. "2026-11-22T07:30:00Z". Dates
// follow the proleptic Gregorian calendar (C++20 <chrono>), so leap days and
// the century rule (1900 none, 2000 one) come out right.
#include <chrono>
#include <optional>
#include <string>

namespace twofold {

// Seconds since the Unix epoch, UTC.
using timestamp = std::chrono::sys_seconds;

// The times iso8601 writes as they are: four-digit years, 0000 to 9999 (the
// server's times are Unix seconds of the present, well inside).
inline constexpr timestamp earliest_iso8601{std::chrono::seconds{-62'167'219'200}};  // 0000-01-01T00:00:00Z
inline constexpr timestamp latest_iso8601{std::chrono::seconds{253'402'300'799}};    // 9999-12-31T23:59:59Z

// "YYYY-MM-DD"; nullopt for a day that does not exist (2023-02-29) or a year
// outside 0000-9999.
[[nodiscard]] std::optional<std::string> iso_date(std::chrono::year_month_day date);

// "YYYY-MM-DDThh:mm:ssZ", e.g. "2026-11-22T07:30:00Z". A time outside
// [earliest_iso8601, latest_iso8601] is written as the nearer end, so the text
// is always well-formed ISO 8601.
[[nodiscard]] std::string iso8601(timestamp at);

}  // namespace twofold
