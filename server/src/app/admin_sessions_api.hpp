#pragma once
// The admin console's view of where the company's people are signed in, and
// its sign-in chart (an administrator's session; their own company only):
//   GET    /api/admin/sessions?page=           the company's live sessions
//   DELETE /api/admin/sessions/{id}            sign one out: 204 | 404 | 409
//   POST   /api/admin/users/{id}/sign-out      every session of a person: {"ended": n}
//   GET    /api/admin/security/activity        sign-ins and failures per hour, 7 days
#include "app/route.hpp"

namespace twofold::server::admin_sessions_api {

[[nodiscard]] http_response sessions(app_services& services, request_context& context);
[[nodiscard]] http_response end_session(app_services& services, request_context& context);
[[nodiscard]] http_response sign_out_person(app_services& services, request_context& context);
[[nodiscard]] http_response activity(app_services& services, request_context& context);

}  // namespace twofold::server::admin_sessions_api
