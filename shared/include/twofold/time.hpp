#pragma once
// The core never reads a clock: callers pass the current time in.
#include <chrono>

namespace twofold {

// Seconds since the Unix epoch, UTC.
using timestamp = std::chrono::sys_seconds;

}  // namespace twofold
