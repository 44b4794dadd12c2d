#pragma once
// Profile > Security Settings > Two-Factor Authentication: setting a method
// up, turning it off, and the backup codes.
//
//   off ──start_email / start_app──> setup in progress ──confirm(right code)──> on (+10 backup codes)
//    ▲            (replaces any setup;           │
//    │             email: resend after 60 s)     └─5th wrong code / expiry──> off
//    └──────────────turn_off (step-up)────────────────────────────────────────── on
//
// One method at a time: starting a setup while a method is on is refused.
// A setup's code is checked like a sign-in's (code_check.hpp), its attempts
// claimed by a guard; confirming consumes the setup by a guard, so two
// confirmations at once turn 2FA on once. The TOTP step that confirmed the
// app counts as used (replay guard). Turning a method on or off and new
// backup codes end the user's trusted browsers (trusted_browsers.hpp).
#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "auth/client_info.hpp"
#include "auth/sessions.hpp"
#include "auth/step_up.hpp"
#include "auth/user.hpp"
#include "two_factor/method.hpp"
#include "two_factor/second_step.hpp"

namespace twofold::server {

class storage;
class clock;
class server_key;

inline constexpr std::chrono::seconds email_setup_lifetime{10 * 60};  // an email code's life
inline constexpr std::chrono::seconds app_setup_lifetime{30 * 60};    // time to install an app
// Codes a setup may try before it is discarded (and must be started again).
inline constexpr int max_setup_attempts = 5;

struct backup_codes_summary {
  int total = 0;
  int unused = 0;
  bool downloaded = false;
};

struct two_factor_status {
  std::optional<two_factor_method> method;
  std::optional<timestamp> enabled_at;
  std::optional<two_factor_method> setup;
  bool step_up_required = true;
  std::optional<backup_codes_summary> backup_codes;
};

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

struct fresh_backup_codes {
  std::vector<std::string> codes;  // display form
  timestamp created_at{};
};

struct two_factor_turned_on {
  two_factor_method method = two_factor_method::app;
  fresh_backup_codes backup_codes;
};

struct backup_codes_state {
  backup_code_set codes;
  std::optional<timestamp> downloaded_at;
};

struct two_factor_already_on {};
struct no_setup_in_progress {};
struct two_factor_is_off {};
struct step_up_denied {
  step_up_result result;
};
struct turned_off {};
struct download_recorded {};

using email_setup_outcome = std::variant<email_setup_started, two_factor_already_on, resend_too_soon>;
using app_setup_outcome = std::variant<app_setup_started, two_factor_already_on>;
using confirm_outcome = std::variant<two_factor_turned_on, code_rejected, no_setup_in_progress, two_factor_already_on>;
using turn_off_outcome = std::variant<turned_off, step_up_denied, two_factor_is_off>;
using regenerate_outcome = std::variant<fresh_backup_codes, step_up_denied, two_factor_is_off>;
using download_outcome = std::variant<download_recorded, two_factor_is_off>;

class two_factor_settings {
 public:
  two_factor_settings(storage& store, const clock& clk, const server_key& key, step_up_check& step_up);

  [[nodiscard]] two_factor_status status(const active_session& session);
  [[nodiscard]] email_setup_outcome start_email(const user& account, const client_info& client);
  [[nodiscard]] app_setup_outcome start_app(const user& account, const client_info& client);
  // `digits`: six digits, as the core normalized them.
  [[nodiscard]] confirm_outcome confirm(const user& account, std::string_view digits, const client_info& client);
  [[nodiscard]] turn_off_outcome turn_off(const active_session& session, const std::optional<std::string>& password,
                                          const client_info& client);

  // The codes' state; empty when 2FA is off.
  [[nodiscard]] std::optional<backup_codes_state> backup_codes(const user& account);
  [[nodiscard]] regenerate_outcome regenerate_backup_codes(const active_session& session,
                                                           const std::optional<std::string>& password,
                                                           const client_info& client);
  [[nodiscard]] download_outcome record_download(const user& account, const client_info& client);

 private:
  [[nodiscard]] bool code_matches(const user& account, const two_factor_setup_record& setup, std::string_view digits,
                                  timestamp now, std::optional<std::int64_t>& totp_step);
  [[nodiscard]] confirm_outcome turn_on(const user& account, const two_factor_setup_record& setup,
                                        std::optional<std::int64_t> totp_step, const client_info& client,
                                        timestamp now);

  storage& store_;
  const clock& clock_;
  const server_key& key_;
  step_up_check& step_up_;
};

}  // namespace twofold::server
