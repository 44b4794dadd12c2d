#pragma once
// Profile > Security Settings, between HTTP and two_factor/two_factor_settings
// (all need a session; 401 not_signed_in otherwise):
//   GET    /api/me/two-factor                the settings
//   DELETE /api/me/two-factor                turn off (step-up)
//   POST   /api/me/two-factor/email          start or resend the email setup
//   POST   /api/me/two-factor/app            start the authenticator app setup
//   POST   /api/me/two-factor/confirm        confirm the setup with a code
//   GET    /api/me/backup-codes              the codes' state
//   POST   /api/me/backup-codes              new codes (step-up)
//   POST   /api/me/backup-codes/download     the codes were downloaded
#include <optional>
#include <string>
#include <variant>

#include "app/http_types.hpp"
#include "auth/sessions.hpp"

namespace twofold::server {

struct config;
class logger;
class two_factor_settings;

class two_factor_api {
 public:
  two_factor_api(const config& cfg, two_factor_settings& settings, session_service& sessions, logger& log);

  [[nodiscard]] http_response status(const http_request& request);
  [[nodiscard]] http_response turn_off(const http_request& request);
  [[nodiscard]] http_response start_email(const http_request& request);
  [[nodiscard]] http_response start_app(const http_request& request);
  [[nodiscard]] http_response confirm(const http_request& request);
  [[nodiscard]] http_response backup_codes(const http_request& request);
  [[nodiscard]] http_response regenerate_backup_codes(const http_request& request);
  [[nodiscard]] http_response record_download(const http_request& request);

 private:
  // A request for a change that needs step-up (auth/step_up.hpp).
  struct step_up_request {
    active_session session;
    std::optional<std::string> password;
  };

  [[nodiscard]] std::optional<active_session> session_of(const http_request& request);
  // The session and password of a step-up request, or the answer refusing it.
  [[nodiscard]] std::variant<step_up_request, http_response> step_up_request_of(const http_request& request);

  const config& cfg_;
  two_factor_settings& settings_;
  session_service& sessions_;
  logger& log_;
};

}  // namespace twofold::server
