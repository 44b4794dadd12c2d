#include "twofold/otp/resend_countdown.hpp"

namespace twofold::otp {

std::string_view phase_name(countdown_phase phase) {
  switch (phase) {
    case countdown_phase::never_sent: return "never_sent";
    case countdown_phase::waiting: return "waiting";
    case countdown_phase::ready: return "ready";
  }
  return "unknown";
}

countdown_phase countdown_state::phase(timestamp now) const {
  if (!last_sent) return countdown_phase::never_sent;
  return seconds_left(now) > std::chrono::seconds{0} ? countdown_phase::waiting : countdown_phase::ready;
}

std::chrono::seconds countdown_state::seconds_left(timestamp now) const {
  if (!last_sent) return std::chrono::seconds{0};
  if (now <= *last_sent) return resend_interval;  // just sent, or the clock went backwards
  const auto elapsed = now - *last_sent;
  return elapsed >= resend_interval ? std::chrono::seconds{0} : resend_interval - elapsed;
}

bool countdown_state::can_resend(timestamp now) const { return seconds_left(now) == std::chrono::seconds{0}; }

countdown_state countdown_state::on_sent(timestamp now) const { return {now}; }

}  // namespace twofold::otp
