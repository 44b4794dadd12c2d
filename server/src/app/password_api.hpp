#pragma once
// Forgot password, between HTTP and the reset flow (flows/password_reset.hpp):
//   POST /api/password/forgot  {company, account}: 202, always the same body
//                              whether or not the account exists | 400 | 429
//   POST /api/password/reset   {token, password}: 204 (not signed in) |
//                              400 validation_failed / reset_link_invalid
#include "app/route.hpp"

namespace twofold::server::password_api {

[[nodiscard]] http_response forgot(app_services& services, request_context& context);
[[nodiscard]] http_response reset(app_services& services, request_context& context);

}  // namespace twofold::server::password_api
