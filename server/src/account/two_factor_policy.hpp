#pragma once
// A company's 2FA policy (Global Settings > Security > 2FA Policy):
//   - how often agents give a code: at every login (the default), or once per
//     browser every 14, 30, 60 or 90 days ("Don't ask again for N days",
//     trusted_browsers.hpp). Administrators give one at every login whatever
//     the policy: their accounts can change everyone's security;
//   - whether every user must have 2FA: a user without it who signs in can
//     only set it up (app/setup_gate.hpp);
//   - when users with 2FA give a code: at every sign-in, on a new device,
//     from a new location (twofold/security/second_factor_rules.hpp).
#include <array>
#include <optional>

#include "storage/records.hpp"
#include "twofold/security/second_factor_rules.hpp"

namespace twofold::server {

// The periods an administrator may choose, in days.
inline constexpr std::array<int, 4> trusted_browser_day_choices{14, 30, 60, 90};

struct two_factor_policy {
  std::optional<int> trusted_browser_days;  // one of trusted_browser_day_choices; empty: every login
  bool require_two_factor = false;
  second_factor_rules ask;
};

// The company's policy as stored.
[[nodiscard]] two_factor_policy policy_of(const company_record& company);

[[nodiscard]] constexpr bool is_trusted_browser_day_choice(long long days) {
  for (const int choice : trusted_browser_day_choices) {
    if (choice == days) return true;
  }
  return false;
}

}  // namespace twofold::server
