#pragma once
// Trusted browsers, between HTTP and two_factor/trusted_browsers (a session
// is needed: the router answers 401 not_signed_in):
//   GET    /api/me/trusted-browsers          the user's trusted browsers
//   DELETE /api/me/trusted-browsers          forget them all: 204
//   DELETE /api/me/trusted-browsers/{id}     forget one: 204 | 404
// (An administrator ends a user's: app/admin_two_factor_api.hpp.)
#include "app/route.hpp"

namespace twofold::server::trusted_browsers_api {

[[nodiscard]] http_response list(app_services& services, request_context& context);
[[nodiscard]] http_response forget_all(app_services& services, request_context& context);
[[nodiscard]] http_response forget_one(app_services& services, request_context& context);

}  // namespace twofold::server::trusted_browsers_api
