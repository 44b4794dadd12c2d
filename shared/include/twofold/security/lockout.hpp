#pragma once
// The lockout after wrong second-factor codes (email, app or backup code),
// per account, whatever the browser, session or server thread: RFC 4226 §7.3
// ("the server SHOULD lock out the account after a small number of failed
// attempts"); product rule: five attempts, a warning on the 3rd and 4th
// failure, locked after the 5th.
//
//   open(f < 5) ──wrong code──> open(f + 1)          attempts_left = 5 - f
//      │  ▲                  └─ 5th wrong ──> locked
//      │  └──────right code── (f = 0)            │
//      │                                         ├─ mode "until an admin unlocks": unlock ──> open(0)
//      │                                         └─ mode "for N minutes": N minutes pass ──> open(0)
//
// Time is a parameter; the server stores the state and applies each change
// with a guard, so parallel wrong codes are counted one by one.
#include <chrono>
#include <optional>

#include "twofold/time.hpp"

namespace twofold {

inline constexpr int max_code_failures = 5;
// Warn while this few attempts, or fewer, are left (after the 3rd and 4th failure).
inline constexpr int warn_at_attempts_left = 2;

// How a lock ends. No duration: when an administrator unlocks the account.
struct lock_mode {
  std::optional<std::chrono::minutes> duration;
};

struct lockout_state {
  int failures = 0;                      // wrong codes since the last success or unlock, [0, max_code_failures]
  std::optional<timestamp> locked_at;    // set once failures reached max_code_failures
  std::optional<timestamp> locked_until;  // timed locks only

  friend bool operator==(const lockout_state&, const lockout_state&) = default;
};

enum class lock_status {
  open,
  locked,        // until an administrator unlocks it
  locked_timed,  // until locked_until
};

// A timed lock whose time has passed is open again (its failures forgotten: see current()).
[[nodiscard]] lock_status status_of(const lockout_state& state, timestamp now);

// The state as it stands at `now`: an expired timed lock is cleared.
[[nodiscard]] lockout_state current(const lockout_state& state, timestamp now);

// Wrong codes still allowed before the lock; 0 when locked.
[[nodiscard]] int attempts_left(const lockout_state& state, timestamp now);

// Whether a wrong code with `left` attempts left deserves the lock warning.
[[nodiscard]] constexpr bool warns(int left) { return left > 0 && left <= warn_at_attempts_left; }

// The state right after the last allowed wrong code, at `now`.
[[nodiscard]] lockout_state locked_state(const lock_mode& mode, timestamp now);

// After one more wrong code at `now`: counted, and locked when it was the last allowed.
[[nodiscard]] lockout_state after_failure(const lockout_state& state, const lock_mode& mode, timestamp now);

// Seconds until a timed lock ends; zero when open or locked until unlocked.
[[nodiscard]] std::chrono::seconds lock_remaining(const lockout_state& state, timestamp now);

}  // namespace twofold
