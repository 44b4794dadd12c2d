#pragma once
// Setting up two-factor authentication (Profile > Security Settings), as an
// explicit flow: a user's 2FA is off, being set up with one method, on, or
// (SMS) on while a new number is being set up. Each step is a pure function
// of (flow, input, facts, secrets, now) to an outcome and a change set;
// two_factor_setup_service loads, advances, applies.
//
//   off ──start_email / start_app / start_sms(number)──> setting_up(method) ──confirm(right code)──> on (+10 backup codes)
//    ▲         (a start replaces the setup;  │   ├─ wrong code, k left ──> setting_up
//    │          email, sms: 60 s between     │   ├─ 5th wrong code ──────> off
//    │          codes; sms: resend)          │   └─ 10 (email, sms) / 30 (app) minutes ──> off
//    │
//    │     on(sms) ──start_sms(new number) + step-up──> changing_number ──confirm(right code)──> on(sms, new number)
//    │                                                    ├─ wrong codes, expiry: on(sms), the old number kept
//    └──────── turning 2FA off (two_factor/two_factor_settings.hpp) ────────────── on
//
// One method at a time: a start while another method is on is refused. A
// new number is a new setup of the same method: it needs a step-up (the
// password again, auth/step_up.hpp) and keeps the backup codes; the old
// number works until the new one is confirmed, and the person is mailed.
// Each confirmation first claims an attempt on the setup (a guard), so
// parallel codes try max_setup_attempts at most; confirming consumes the
// setup by a guard, so two confirmations at once turn 2FA on once. The TOTP
// step that confirmed the app counts as used (replay guard). Turning a
// method on, or changing its number, ends the user's trusted browsers.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "account/client_info.hpp"
#include "account/security_notice.hpp"
#include "account/two_factor_method.hpp"
#include "account/user.hpp"
#include "storage/change_set.hpp"
#include "two_factor/two_factor_settings.hpp"

namespace twofold::server {

inline constexpr std::chrono::seconds sent_code_setup_lifetime{10 * 60};  // an emailed or texted code's life
inline constexpr std::chrono::seconds app_setup_lifetime{30 * 60};        // time to install an app
// Codes a setup may try before it is discarded (and must be started again).
// Not the lockout (twofold/security/lockout.hpp's max_code_failures, also 5):
// the person here is signed in already and proves only that the new method
// reaches them, so a spent setup locks nothing, warns of nothing and mails
// nobody; it is simply started again. The two may change apart.
inline constexpr int max_setup_attempts = 5;

enum class setup_state { off, setting_up, on, changing_number };

struct two_factor_setup_flow {
  setup_state state = setup_state::off;
  std::optional<two_factor_setup_record> setup;  // setting_up, changing_number: the setup in progress
  std::optional<two_factor_record> method;        // on, changing_number: the method that is on
  // SMS numbers (E.164), opened by the service: where codes go now, and the
  // number being set up.
  std::optional<std::string> phone;
  std::optional<std::string> setup_phone;
};

// The flow as the user's records stand at `now` (an expired setup is none);
// the service adds the numbers.
[[nodiscard]] two_factor_setup_flow setup_flow_of(std::optional<two_factor_record> method,
                                                  std::optional<two_factor_setup_record> setup, timestamp now);

// Whether starting an SMS setup in `flow` changes the number of a method that
// is on, and so needs a step-up first.
[[nodiscard]] bool changes_number(const two_factor_setup_flow& flow);

// A code went out by email or SMS for the setup.
struct setup_code_sent {
  two_factor_method method = two_factor_method::email;
  std::string sent_to;  // masked: "a***@acme.example", "+44 ••• ••• 0123"
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

// SMS codes go to the new number from now on; the backup codes stay.
struct phone_number_changed {
  std::string phone_hint;
};

struct two_factor_already_on {};
struct no_setup_in_progress {};
struct setup_code_rejected {
  int attempts_left = 0;
};
struct setup_resend_too_soon {
  std::chrono::seconds wait{0};
};

using setup_outcome =
    std::variant<setup_code_sent, app_setup_started, two_factor_turned_on, phone_number_changed, two_factor_already_on,
                 no_setup_in_progress, setup_code_rejected, setup_resend_too_soon, step_up_denied>;

struct setup_step {
  setup_outcome outcome;
  change_set changes;
};

// The randomness a setup step may use, drawn by the service.
struct setup_secrets {
  std::string sent_code;  // six digits, for email or SMS
  code_hash sent_code_hash;
  std::vector<std::uint8_t> totp_secret;  // 20 random bytes
  std::vector<std::uint8_t> sealed_totp_secret;
  fresh_backup_codes backup_codes;
  backup_code_set hashed_backup_codes;
};

// A number for SMS codes as the person typed it, checked by the core
// (twofold/phone/phone_number.hpp), and sealed by the service.
struct new_phone_number {
  std::string e164;
  std::vector<std::uint8_t> sealed;
};

[[nodiscard]] setup_step start_email_setup(const two_factor_setup_flow& flow, const user& account,
                                           const client_info& client, const setup_secrets& secrets, timestamp now);

[[nodiscard]] setup_step start_app_setup(const two_factor_setup_flow& flow, const user& account,
                                         const client_info& client, const setup_secrets& secrets, timestamp now);

// `step_up`: the service's check when changes_number(flow), else allowed.
[[nodiscard]] setup_step start_sms_setup(const two_factor_setup_flow& flow, const user& account,
                                         const new_phone_number& number, const step_up_result& step_up,
                                         const client_info& client, const setup_secrets& secrets, timestamp now);

// A new code to the number of the SMS setup in progress (60 s after the last).
[[nodiscard]] setup_step resend_sms_code(const two_factor_setup_flow& flow, const user& account,
                                         const client_info& client, const setup_secrets& secrets, timestamp now);

// Whether the setup's attempt could be claimed (the guard applied before),
// and, when the code was right, the TOTP step it matched (app) or none (email, sms).
struct confirmation {
  bool claimed = false;
  bool right = false;
  std::optional<std::int64_t> totp_step;
};

// Turning 2FA on is told to the person, with where it was done `from`.
[[nodiscard]] setup_step confirm_setup(const two_factor_setup_flow& flow, const user& account,
                                       const acting_from& from, const confirmation& code,
                                       const setup_secrets& secrets, timestamp now);

}  // namespace twofold::server
