#pragma once
// Profile > Security, between HTTP and security_center/ (a session is
// needed: the router answers 401 not_signed_in):
//   GET    /api/me/sessions                     where the user is signed in
//   DELETE /api/me/sessions/{id}                sign one other session out: 204 | 404 | 409
//   POST   /api/me/sessions/sign-out-others     {"ended": n}
//   GET    /api/me/devices                      the browsers that signed in
//   POST   /api/me/devices/{id}/block|unblock   the device | 404 | 409
//   GET    /api/me/locations                    the places signed in from
//   POST   /api/me/locations/{id}/block|unblock the location | 404 | 409
//   GET    /api/me/audit-events?event=&page=    the user's own security events
//   PUT    /api/me/time-zone                    {"time_zone": "Europe/Berlin" | null}
#include "app/route.hpp"

namespace twofold::server::security_center_api {

[[nodiscard]] http_response sessions(app_services& services, request_context& context);
[[nodiscard]] http_response end_session(app_services& services, request_context& context);
[[nodiscard]] http_response end_other_sessions(app_services& services, request_context& context);
[[nodiscard]] http_response devices(app_services& services, request_context& context);
[[nodiscard]] http_response block_device(app_services& services, request_context& context);
[[nodiscard]] http_response unblock_device(app_services& services, request_context& context);
[[nodiscard]] http_response locations(app_services& services, request_context& context);
[[nodiscard]] http_response block_location(app_services& services, request_context& context);
[[nodiscard]] http_response unblock_location(app_services& services, request_context& context);
[[nodiscard]] http_response audit_events(app_services& services, request_context& context);
[[nodiscard]] http_response change_time_zone(app_services& services, request_context& context);

}  // namespace twofold::server::security_center_api
