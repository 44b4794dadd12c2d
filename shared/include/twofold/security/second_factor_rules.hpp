#pragma once
// When a user who has 2FA gives a code after the first factor: the company's
// rules (Admin console > Security), any combination but none, and what is
// known of this sign-in's device and place.
//
//   every_sign_in  a code every time, unless the browser is trusted
//                  ("Don't ask again for N days")
//   new_device     a code from a browser that never signed in to the account
//   new_location   a code from a place the account never signed in from; a
//                  trusted browser never skips this one
//
// With only new_device and/or new_location, a known device from a known
// place signs in with the first factor alone.
namespace twofold {

struct second_factor_rules {
  bool every_sign_in = true;
  bool new_device = false;
  bool new_location = false;

  friend bool operator==(const second_factor_rules&, const second_factor_rules&) = default;
};

// An administrator must leave at least one rule on.
[[nodiscard]] constexpr bool any_rule(const second_factor_rules& rules) {
  return rules.every_sign_in || rules.new_device || rules.new_location;
}

struct sign_in_circumstances {
  bool new_device = false;
  bool new_location = false;
  bool trusted_browser = false;  // a valid "Don't ask again" cookie of this account
};

// Whether the code is asked (for a user who has 2FA).
[[nodiscard]] bool second_factor_asked(const second_factor_rules& rules, const sign_in_circumstances& now);

}  // namespace twofold
