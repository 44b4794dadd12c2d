#pragma once
// The administrator's password endpoints (401 without a session, 403
// forbidden for anyone but an administrator; only their own company's people):
//   POST /api/admin/users                {display_name, username, email, role,
//                                        language?, temporary_password?}: 201 {user} |
//                                        400 (`taken` on the username or email field)
//   POST /api/admin/users/{id}/password  {temporary_password?}: 204 | 400 | 403 | 409 own_account
// Without temporary_password (absent or null) the person is mailed a link.
#include <string_view>

#include "app/http_types.hpp"

namespace twofold::server {

struct config;
class logger;
class agent_accounts;
class session_service;

class agent_accounts_api {
 public:
  agent_accounts_api(const config& cfg, agent_accounts& accounts, session_service& sessions, logger& log);

  [[nodiscard]] http_response create(const http_request& request);
  [[nodiscard]] http_response reset_password(const http_request& request);

  static constexpr std::string_view password_path = "/api/admin/users/{id}/password";

 private:
  const config& cfg_;
  agent_accounts& accounts_;
  session_service& sessions_;
  logger& log_;
};

}  // namespace twofold::server
