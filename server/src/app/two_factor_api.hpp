#pragma once
// Profile > Security Settings, between HTTP and two-factor authentication
// (a session is needed: the router answers 401 not_signed_in):
//   GET    /api/me/two-factor                the settings
//   DELETE /api/me/two-factor                turn off (step-up)       two_factor/two_factor_settings.hpp
//   POST   /api/me/two-factor/email          start or resend the email setup
//   POST   /api/me/two-factor/app            start the authenticator app setup
//   POST   /api/me/two-factor/sms            start the SMS setup, or a new number's (step-up)
//   POST   /api/me/two-factor/sms/resend     a new code to the number being set up
//   POST   /api/me/two-factor/confirm        confirm the setup with a code   flows/two_factor_setup.hpp
//   GET    /api/me/backup-codes              the codes' state
//   POST   /api/me/backup-codes              new codes (step-up)
//   POST   /api/me/backup-codes/download     the codes were downloaded
#include "app/route.hpp"

namespace twofold::server::two_factor_api {

[[nodiscard]] http_response status(app_services& services, request_context& context);
[[nodiscard]] http_response turn_off(app_services& services, request_context& context);
[[nodiscard]] http_response start_email(app_services& services, request_context& context);
[[nodiscard]] http_response start_app(app_services& services, request_context& context);
[[nodiscard]] http_response start_sms(app_services& services, request_context& context);
[[nodiscard]] http_response resend_sms(app_services& services, request_context& context);
[[nodiscard]] http_response confirm(app_services& services, request_context& context);
[[nodiscard]] http_response backup_codes(app_services& services, request_context& context);
[[nodiscard]] http_response regenerate_backup_codes(app_services& services, request_context& context);
[[nodiscard]] http_response record_download(app_services& services, request_context& context);

}  // namespace twofold::server::two_factor_api
