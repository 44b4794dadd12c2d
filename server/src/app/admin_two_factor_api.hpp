#pragma once
// What an administrator does for a person of their company who lost their
// second factor (admin/agent_two_factor.hpp, two_factor_policy_admin.hpp);
// an administrator's session, only their own company's people:
//   POST   /api/admin/users/{id}/backup-code              a one-time sign-in code
//   GET    /api/admin/backup-codes                        the codes still valid
//   DELETE /api/admin/users/{id}/two-factor               turn the person's 2FA off
//   POST   /api/admin/users/{id}/trusted-browsers/revoke  end the person's trusted browsers
#include "app/route.hpp"

namespace twofold::server::admin_two_factor_api {

[[nodiscard]] http_response create_code(app_services& services, request_context& context);
[[nodiscard]] http_response codes(app_services& services, request_context& context);
[[nodiscard]] http_response turn_off(app_services& services, request_context& context);
[[nodiscard]] http_response revoke_trusted_browsers(app_services& services, request_context& context);

}  // namespace twofold::server::admin_two_factor_api
