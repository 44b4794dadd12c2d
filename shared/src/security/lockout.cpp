#include "twofold/security/lockout.hpp"

#include <algorithm>

namespace twofold {
namespace {

// The lock warning comes while this few attempts, or fewer, are left.
constexpr int warn_while_attempts_left = 2;

}  // namespace

wrong_code_verdict verdict_for_wrong_code(int attempt_number) {
  const int left = max_code_failures - std::clamp(attempt_number, 1, max_code_failures);
  return {.attempts_left = left, .warn = left > 0 && left <= warn_while_attempts_left, .locks = left == 0};
}

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
