#pragma once
// Throttling of password failures: an exponential back-off, never a permanent
// lock (that is the 2FA lockout's job). The server keeps one record per client
// IP and one per (company, account); the stricter answer wins.
//
//   failures 0..free_failures      -> no delay
//   each further failure           -> delay doubles from base_delay
//   capped at max_delay; a record quiet for forget_after starts again at 0
#include <chrono>

#include "twofold/time.hpp"

namespace twofold {

struct backoff_policy {
  int free_failures = 5;
  std::chrono::seconds base_delay{1};
  std::chrono::seconds max_delay{15 * 60};
  std::chrono::seconds forget_after{60 * 60};
};

struct failure_record {
  int failures = 0;
  timestamp last_failure{};
};

// Seconds the caller must still wait before another attempt is evaluated;
// zero when an attempt may proceed now.
[[nodiscard]] std::chrono::seconds retry_after(const backoff_policy& policy,
                                               const failure_record& record,
                                               timestamp now);

// The record after one more failure at `now` (forgetting a stale record first).
[[nodiscard]] failure_record record_failure(const backoff_policy& policy,
                                            failure_record record, timestamp now);

}  // namespace twofold
