#pragma once
// The shape of an IANA time zone name, as the pages send it from
// Intl.DateTimeFormat().resolvedOptions().timeZone: "UTC", "Europe/Berlin",
// "America/Argentina/Buenos_Aires", "Etc/GMT+5". Whether the zone exists is
// the browser's to know (the core has no zone database); the server keeps
// the name only to give it back, so its shape and length are what matter.
#include <optional>
#include <string_view>

#include "twofold/validation/field_error.hpp"

namespace twofold {

inline constexpr std::size_t max_time_zone_length = 64;

// Empty when `name` is shaped like a zone name: 1..64 characters of ASCII
// letters, digits, '_', '+' and '-', in '/'-separated parts that are not
// empty and do not start with '-'. Else a field error on "time_zone"
// ("invalid_time_zone").
[[nodiscard]] std::optional<field_error> check_time_zone(std::string_view name);

}  // namespace twofold
