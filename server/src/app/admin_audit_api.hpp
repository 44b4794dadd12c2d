#pragma once
// The admin console's Audit log (an administrator's session; their own
// company's events only, admin/audit_log.hpp):
//   GET /api/admin/audit-events?user=&event=&from=&to=&page=
#include "app/route.hpp"

namespace twofold::server::admin_audit_api {

[[nodiscard]] http_response list(app_services& services, request_context& context);

}  // namespace twofold::server::admin_audit_api
