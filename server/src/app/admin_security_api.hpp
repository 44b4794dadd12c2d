#pragma once
// The admin console's Security (an administrator's session):
//   GET /api/admin/security   how locks end, the 2FA policy
//   PUT /api/admin/security   change them
#include "app/route.hpp"

namespace twofold::server::admin_security_api {

[[nodiscard]] http_response security(app_services& services, request_context& context);
[[nodiscard]] http_response change(app_services& services, request_context& context);

}  // namespace twofold::server::admin_security_api
