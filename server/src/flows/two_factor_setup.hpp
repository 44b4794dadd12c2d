#pragma once
// Setting up two-factor authentication (Profile > Security Settings), as an
// explicit flow: a user's 2FA is off, being set up with one method, or on.
// Each step is a pure function of (flow, input, facts, secrets, now) to an
// outcome and a change set; two_factor_setup_service loads, advances, applies.
//
//   off ──start_email / start_app──> setting_up(method) ──confirm(right code)──> on (+10 backup codes)
//    ▲         (a start replaces the setup;  │   ├─ wrong code, k left ──> setting_up
//    │          email: 60 s between mails)   │   └─ 5th wrong code ──────> off
//    │                                       └─ 10 (email) / 30 (app) minutes ──> off
//    └──────── turning 2FA off (two_factor/two_factor_settings.hpp) ────────────── on
//
// One method at a time: a start while 2FA is on is refused. Each confirmation
// first claims an attempt on the setup (a guard), so parallel codes try
// max_setup_attempts at most; confirming consumes the setup by a guard, so
// two confirmations at once turn 2FA on once. The TOTP step that confirmed
// the app counts as used (replay guard). Turning a method on ends the user's
// trusted browsers.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "account/client_info.hpp"
#include "account/two_factor_method.hpp"
#include "account/user.hpp"
#include "storage/change_set.hpp"
#include "two_factor/two_factor_settings.hpp"

namespace twofold::server {

inline constexpr std::chrono::seconds email_setup_lifetime{10 * 60};  // an email code's life
inline constexpr std::chrono::seconds app_setup_lifetime{30 * 60};    // time to install an app
// Codes a setup may try before it is discarded (and must be started again).
inline constexpr int max_setup_attempts = 5;

enum class setup_state { off, setting_up, on };

struct two_factor_setup_flow {
  setup_state state = setup_state::off;
  std::optional<two_factor_setup_record> setup;  // setting_up: the setup in progress
};

// The flow as the user's records stand at `now` (an expired setup is off).
[[nodiscard]] two_factor_setup_flow setup_flow_of(const std::optional<two_factor_record>& method,
                                                  std::optional<two_factor_setup_record> setup, timestamp now);

struct email_setup_started {
  std::string email_hint;
  std::chrono::seconds resend_in{0};
  std::chrono::seconds expires_in{0};
};

struct app_setup_started {
  std::string secret;       // base32, no padding
  std::string secret_text;  // grouped for reading
  std::string otpauth_uri;
  std::string issuer;
  std::string account;
};

struct two_factor_turned_on {
  two_factor_method method = two_factor_method::app;
  fresh_backup_codes backup_codes;
};

struct two_factor_already_on {};
struct no_setup_in_progress {};
struct setup_code_rejected {
  int attempts_left = 0;
};
struct setup_resend_too_soon {
  std::chrono::seconds wait{0};
};

using setup_outcome = std::variant<email_setup_started, app_setup_started, two_factor_turned_on, two_factor_already_on,
                                   no_setup_in_progress, setup_code_rejected, setup_resend_too_soon>;

struct setup_step {
  setup_outcome outcome;
  change_set changes;
};

// The randomness a setup step may use, drawn by the service.
struct setup_secrets {
  std::string email_code;  // six digits
  code_hash email_code_hash;
  std::vector<std::uint8_t> totp_secret;  // 20 random bytes
  std::vector<std::uint8_t> sealed_totp_secret;
  fresh_backup_codes backup_codes;
  backup_code_set hashed_backup_codes;
};

[[nodiscard]] setup_step start_email_setup(const two_factor_setup_flow& flow, const user& account,
                                           const client_info& client, const setup_secrets& secrets, timestamp now);

[[nodiscard]] setup_step start_app_setup(const two_factor_setup_flow& flow, const user& account,
                                         const client_info& client, const setup_secrets& secrets, timestamp now);

// Whether the setup's attempt could be claimed (the guard applied before),
// and, when the code was right, the TOTP step it matched (app) or none (email).
struct confirmation {
  bool claimed = false;
  bool right = false;
  std::optional<std::int64_t> totp_step;
};

[[nodiscard]] setup_step confirm_setup(const two_factor_setup_flow& flow, const user& account,
                                       const client_info& client, const confirmation& code,
                                       const setup_secrets& secrets, timestamp now);

}  // namespace twofold::server
