#pragma once
// Timestamps as the SQLite schema stores them: whole seconds since the Unix epoch (UTC).
#include <chrono>
#include <cstdint>
#include <optional>

#include "twofold/time.hpp"

namespace twofold::server {

[[nodiscard]] inline std::int64_t seconds_of(timestamp at) { return at.time_since_epoch().count(); }

[[nodiscard]] inline timestamp timestamp_of(std::int64_t seconds) { return timestamp{std::chrono::seconds{seconds}}; }

[[nodiscard]] inline std::optional<std::int64_t> seconds_of(const std::optional<timestamp>& at) {
  return at ? std::optional(seconds_of(*at)) : std::nullopt;
}

[[nodiscard]] inline std::optional<timestamp> timestamp_of(const std::optional<std::int64_t>& seconds) {
  return seconds ? std::optional(timestamp_of(*seconds)) : std::nullopt;
}

}  // namespace twofold::server
