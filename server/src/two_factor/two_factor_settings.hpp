#pragma once
// Profile > Security Settings > Two-Factor Authentication, once a method is
// on: its status, turning it off, and the backup codes. (Setting a method up
// is a flow of its own: flows/two_factor_setup.hpp.) Turning 2FA off and new
// backup codes need a step-up (auth/step_up.hpp) and end the user's trusted
// browsers (trusted_browsers.hpp).
#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "account/client_info.hpp"
#include "account/security_notice.hpp"
#include "account/two_factor_method.hpp"
#include "account/user.hpp"
#include "auth/sessions.hpp"
#include "auth/step_up.hpp"
#include "storage/two_factor_records.hpp"

namespace twofold::server {

class storage;
class clock;
class server_key;

struct backup_codes_summary {
  int total = 0;
  int unused = 0;
  bool downloaded = false;
};

struct two_factor_status {
  std::optional<two_factor_method> method;
  std::optional<std::string> phone_hint;  // sms: where codes go, masked ("+44 ••• ••• 0123")
  std::optional<timestamp> enabled_at;
  std::optional<two_factor_method> setup;
  bool step_up_required = true;
  std::optional<backup_codes_summary> backup_codes;
};

struct fresh_backup_codes {
  std::vector<std::string> codes;  // display form
  timestamp created_at{};
};

struct backup_codes_state {
  backup_code_set codes;
  std::optional<timestamp> downloaded_at;
};

struct two_factor_is_off {};
struct step_up_denied {
  step_up_result result;
};
struct turned_off {};
struct download_recorded {};

using turn_off_outcome = std::variant<turned_off, step_up_denied, two_factor_is_off>;
using regenerate_outcome = std::variant<fresh_backup_codes, step_up_denied, two_factor_is_off>;
using download_outcome = std::variant<download_recorded, two_factor_is_off>;

class two_factor_settings {
 public:
  // Turning 2FA off and new backup codes are told to the person, with the
  // device and place they were done from and a link to `security_link`.
  two_factor_settings(storage& store, const clock& clk, const server_key& key, step_up_check& step_up,
                      const origin_finder& origins, std::string security_link);

  [[nodiscard]] two_factor_status status(const active_session& session);
  [[nodiscard]] turn_off_outcome turn_off(const active_session& session, const std::optional<std::string>& password,
                                          const client_info& client);

  // The codes' state; empty when 2FA is off.
  [[nodiscard]] std::optional<backup_codes_state> backup_codes(const user& account);
  [[nodiscard]] regenerate_outcome regenerate_backup_codes(const active_session& session,
                                                           const std::optional<std::string>& password,
                                                           const client_info& client);
  [[nodiscard]] download_outcome record_download(const user& account, const client_info& client);

 private:
  storage& store_;
  const clock& clock_;
  const server_key& key_;
  step_up_check& step_up_;
  const origin_finder& origins_;
  std::string security_link_;
};

}  // namespace twofold::server
