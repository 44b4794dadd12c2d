#pragma once
// The lockout after wrong second-factor codes (email, app or backup code),
// per account, whatever the browser, session or server thread: RFC 4226 §7.3
// ("the server SHOULD lock out the account after a small number of failed
// attempts"); product rule: five attempts, a warning with the 3rd and 4th
// wrong code, locked by the 5th.
//
//   open(0) ──#1──> open(1) ──#2──> open(2) ──#3──> open(3) ──#4──> open(4) ──#5──> locked
//                                                   warns:          warns:
//                                                   2 left          1 left
//
//   open(f) ── right code ──> open(0)
//   locked  ── an administrator unlocks (mode "until unlocked") ──> open(0)
//   locked  ── N minutes pass (mode "for N minutes") ──> open(0)
//
// #N is the N-th wrong code in a row, f the wrong codes counted so far.
// The server claims the number N of each wrong code atomically in storage
// (parallel wrong codes get distinct numbers) and asks verdict_for_wrong_code
// what N means; it stores the state, and locked_state is what the N-th makes
// it. Time is a parameter.
#include <chrono>
#include <optional>

#include "twofold/time.hpp"

namespace twofold {

inline constexpr int max_code_failures = 5;

// What the N-th wrong code in a row means.
struct wrong_code_verdict {
  int attempts_left;  // wrong codes still allowed after this one, [0, max_code_failures - 1]
  bool warn;          // tell the user the lock is near: 1 or 2 attempts left (the 3rd and 4th wrong code)
  bool locks;         // this wrong code locks the account: no attempt left (the 5th)

  friend bool operator==(const wrong_code_verdict&, const wrong_code_verdict&) = default;
};

// attempt_number: the wrong code's place in the row, in [1, max_code_failures].
// Outside, it is clamped: below 1 reads as 1 (a wrong code is at least the
// first), above max_code_failures as max_code_failures (still locks).
[[nodiscard]] wrong_code_verdict verdict_for_wrong_code(int attempt_number);

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

// The state right after the wrong code that locks (verdict .locks), at `now`.
[[nodiscard]] lockout_state locked_state(const lock_mode& mode, timestamp now);

// Seconds until a timed lock ends; zero when open or locked until unlocked.
[[nodiscard]] std::chrono::seconds lock_remaining(const lockout_state& state, timestamp now);

}  // namespace twofold
