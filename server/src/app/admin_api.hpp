#pragma once
// The administrator's endpoints (401 without a session, 403 forbidden for
// anyone but an administrator; only their own company's people):
//   GET  /api/admin/users                 people, searched and paged
//   POST /api/admin/users/{id}/unlock     end a lock after wrong codes
//   GET  /api/admin/security              how locks end, the 2FA policy
//   PUT  /api/admin/security              change them
#include <optional>
#include <string_view>
#include <variant>

#include "app/http_types.hpp"
#include "auth/sessions.hpp"

namespace twofold::server {

struct config;
class logger;
class people_admin;
class two_factor_policy_admin;

class admin_api {
 public:
  admin_api(const config& cfg, people_admin& people, two_factor_policy_admin& policy, session_service& sessions,
            logger& log);

  [[nodiscard]] http_response list_users(const http_request& request);
  [[nodiscard]] http_response unlock(const http_request& request);
  [[nodiscard]] http_response security(const http_request& request);
  [[nodiscard]] http_response change_security(const http_request& request);

  // "/api/admin/users/{id}/unlock": the route pattern, for the router.
  static constexpr std::string_view unlock_path = "/api/admin/users/{id}/unlock";


 private:

  const config& cfg_;
  people_admin& people_;
  two_factor_policy_admin& policy_;
  session_service& sessions_;
  logger& log_;
};

// Whether `path` matches `pattern`, where a "{id}" segment stands for a
// positive decimal number; that number, when it does.
[[nodiscard]] std::optional<long long> match_id_path(std::string_view pattern, std::string_view path);

}  // namespace twofold::server
