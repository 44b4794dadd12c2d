#include "twofold/security/lockout.hpp"

#include <algorithm>

namespace twofold {

lock_status status_of(const lockout_state& state, timestamp now) {
  if (!state.locked_at) return lock_status::open;
  if (!state.locked_until) return lock_status::locked;
  return now < *state.locked_until ? lock_status::locked_timed : lock_status::open;
}

lockout_state current(const lockout_state& state, timestamp now) {
  if (state.locked_at && status_of(state, now) == lock_status::open) return {};
  return state;
}

int attempts_left(const lockout_state& state, timestamp now) {
  const auto now_state = current(state, now);
  if (now_state.locked_at) return 0;
  return std::clamp(max_code_failures - now_state.failures, 0, max_code_failures);
}

lockout_state after_failure(const lockout_state& state, const lock_mode& mode, timestamp now) {
  lockout_state next = current(state, now);
  if (next.locked_at) return next;  // already locked: nothing more to count
  next.failures = std::min(next.failures + 1, max_code_failures);
  if (next.failures == max_code_failures) return locked_state(mode, now);
  return next;
}

lockout_state locked_state(const lock_mode& mode, timestamp now) {
  lockout_state locked{.failures = max_code_failures, .locked_at = now, .locked_until = std::nullopt};
  if (mode.duration) locked.locked_until = now + *mode.duration;
  return locked;
}

std::chrono::seconds lock_remaining(const lockout_state& state, timestamp now) {
  if (status_of(state, now) != lock_status::locked_timed) return std::chrono::seconds{0};
  return std::chrono::duration_cast<std::chrono::seconds>(*state.locked_until - now);
}

}  // namespace twofold
