#include "twofold/security/second_factor_rules.hpp"

namespace twofold {

bool second_factor_asked(const second_factor_rules& rules, const sign_in_circumstances& now) {
  if (rules.new_location && now.new_location) return true;
  // A trusted browser has signed in here before: it is no new device either.
  if (now.trusted_browser) return false;
  return rules.every_sign_in || (rules.new_device && now.new_device);
}

}  // namespace twofold
