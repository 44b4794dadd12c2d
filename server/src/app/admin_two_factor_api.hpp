#pragma once
// The administrator's endpoints for a user who lost their second factor
// (admin/agent_two_factor.hpp); refused as every admin endpoint is
// (app/admin_access.hpp: 401, 403 forbidden), and a user of another company
// is 403 person_not_in_company like an unknown id:
//   POST   /api/admin/users/{id}/backup-code  a new one-time sign-in code, shown once
//   GET    /api/admin/backup-codes            which of the company's users have one, until when
//   DELETE /api/admin/users/{id}/two-factor   turn the user's 2FA off
#include <string_view>

#include "app/http_types.hpp"

namespace twofold::server {

class agent_two_factor_admin;
class session_service;
class logger;

class admin_two_factor_api {
 public:
  admin_two_factor_api(session_service& sessions, agent_two_factor_admin& two_factor, logger& log);

  [[nodiscard]] http_response create_code(const http_request& request);
  [[nodiscard]] http_response codes(const http_request& request);
  [[nodiscard]] http_response turn_off(const http_request& request);

  // The route patterns, for the router.
  static constexpr std::string_view code_path = "/api/admin/users/{id}/backup-code";
  static constexpr std::string_view codes_path = "/api/admin/backup-codes";
  static constexpr std::string_view two_factor_path = "/api/admin/users/{id}/two-factor";

 private:
  session_service& sessions_;
  agent_two_factor_admin& two_factor_;
  logger& log_;
};

}  // namespace twofold::server
