#pragma once
// The "send the email code again" countdown: after a code is sent, another
// may be sent only once resend_interval has passed (product rule: 60 s). The
// browser shows the seconds left; the server enforces the same rule with the
// same code.
//
//   never_sent --on_sent--> waiting --(resend_interval passes)--> ready
//                              ^                                    |
//                              +---------------on_sent--------------+
//
// Time is a parameter. A clock that went backwards (now before last_sent)
// never makes the wait longer than resend_interval.
#include <chrono>
#include <optional>
#include <string_view>

#include "twofold/time.hpp"

namespace twofold::otp {

inline constexpr std::chrono::seconds resend_interval{60};

enum class countdown_phase { never_sent, waiting, ready };

// "never_sent", "waiting", "ready".
[[nodiscard]] std::string_view phase_name(countdown_phase phase);

struct countdown_state {
  std::optional<timestamp> last_sent;  // nullopt until the first code is sent

  [[nodiscard]] countdown_phase phase(timestamp now) const;
  // In [0, resend_interval]; zero when a code may be sent now.
  [[nodiscard]] std::chrono::seconds seconds_left(timestamp now) const;
  [[nodiscard]] bool can_resend(timestamp now) const;
  // The state after a code was sent at `now`. Recording a send that came too
  // early still records it: the state says what happened; can_resend is the
  // check to make before sending.
  [[nodiscard]] countdown_state on_sent(timestamp now) const;

  friend bool operator==(const countdown_state&, const countdown_state&) = default;
};

}  // namespace twofold::otp
