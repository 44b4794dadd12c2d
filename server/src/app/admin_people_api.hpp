#pragma once
// The admin console's People (an administrator's session: the router answers
// 401 or 403 forbidden otherwise; only their own company's people, anyone
// else is 403 person_not_in_company like an id that does not exist):
//   GET    /api/admin/users                  people, searched and paged
//   POST   /api/admin/users                  add a person (a temporary password or a link)
//   PUT    /api/admin/users/{id}             edit name, email, role, language
//   DELETE /api/admin/users/{id}             delete
//   POST   /api/admin/users/{id}/disable     disable: signed out at once
//   POST   /api/admin/users/{id}/enable      enable again
//   POST   /api/admin/users/{id}/unlock      end a lock after wrong codes
//   POST   /api/admin/users/{id}/password    a temporary password or a reset link
#include "app/route.hpp"

namespace twofold::server::admin_people_api {

[[nodiscard]] http_response list(app_services& services, request_context& context);
[[nodiscard]] http_response create(app_services& services, request_context& context);
[[nodiscard]] http_response edit(app_services& services, request_context& context);
[[nodiscard]] http_response remove(app_services& services, request_context& context);
[[nodiscard]] http_response disable(app_services& services, request_context& context);
[[nodiscard]] http_response enable(app_services& services, request_context& context);
[[nodiscard]] http_response unlock(app_services& services, request_context& context);
[[nodiscard]] http_response reset_password(app_services& services, request_context& context);

}  // namespace twofold::server::admin_people_api
