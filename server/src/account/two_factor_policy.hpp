#pragma once
// A company's 2FA policy (Global Settings > Security > 2FA Policy):
//   - how often agents give a code: at every login (the default), or once per
//     browser every 14, 30, 60 or 90 days ("Don't ask again for N days",
//     trusted_browsers.hpp). Administrators give one at every login whatever
//     the policy: their accounts can change everyone's security;
//   - whether every user must have 2FA: a user without it who signs in can
//     only set it up (auth/sign_in.hpp, app/setup_gate.hpp).
#include <array>
#include <optional>

namespace twofold::server {

// The periods an administrator may choose, in days.
inline constexpr std::array<int, 4> trusted_browser_day_choices{14, 30, 60, 90};

struct two_factor_policy {
  std::optional<int> trusted_browser_days;  // one of trusted_browser_day_choices; empty: every login
  bool require_two_factor = false;
};

[[nodiscard]] constexpr bool is_trusted_browser_day_choice(long long days) {
  for (const int choice : trusted_browser_day_choices) {
    if (choice == days) return true;
  }
  return false;
}

}  // namespace twofold::server
