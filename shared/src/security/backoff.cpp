#include "twofold/security/backoff.hpp"

#include <algorithm>
#include <limits>

namespace twofold {
namespace {

using std::chrono::seconds;

bool is_stale(const backoff_policy& policy, const failure_record& record, timestamp now) {
  return now - record.last_failure >= policy.forget_after;
}

// base_delay * 2^(penalised - 1), capped at max_delay without overflowing.
seconds delay_for(const backoff_policy& policy, long long penalised_failures) {
  if (penalised_failures <= 0 || policy.base_delay <= seconds::zero()) return seconds::zero();
  seconds delay = policy.base_delay;
  for (long long i = 1; i < penalised_failures; ++i) {
    if (delay > policy.max_delay / 2) return policy.max_delay;
    delay *= 2;
  }
  return std::min(delay, policy.max_delay);
}

}  // namespace

seconds retry_after(const backoff_policy& policy, const failure_record& record, timestamp now) {
  if (record.failures <= policy.free_failures || is_stale(policy, record, now)) return seconds::zero();
  const seconds delay =
      delay_for(policy, static_cast<long long>(record.failures) - static_cast<long long>(policy.free_failures));
  // A clock that went backwards must not stretch the wait beyond one delay.
  const seconds waited = std::max(now - record.last_failure, seconds::zero());
  return std::max(delay - waited, seconds::zero());
}

failure_record record_failure(const backoff_policy& policy, failure_record record, timestamp now) {
  if (is_stale(policy, record, now)) record.failures = 0;
  if (record.failures < std::numeric_limits<int>::max()) ++record.failures;
  record.last_failure = now;
  return record;
}

}  // namespace twofold
