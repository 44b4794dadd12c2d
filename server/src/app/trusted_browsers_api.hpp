#pragma once
// Trusted browsers, between HTTP and two_factor/trusted_browsers (401
// without a session):
//   GET    /api/me/trusted-browsers          the user's trusted browsers
//   DELETE /api/me/trusted-browsers          forget them all: 204
//   DELETE /api/me/trusted-browsers/{id}     forget one: 204 | 404
//   POST   /api/admin/users/{id}/trusted-browsers/revoke
//          an administrator ends all of a user's: 204 | 403 (not an
//          administrator, or not in their company: person_refused)
#include <optional>
#include <string_view>

#include "admin/two_factor_policy_admin.hpp"
#include "app/http_types.hpp"
#include "auth/sessions.hpp"
#include "two_factor/trusted_browsers.hpp"

namespace twofold::server {

class logger;
class storage;
class clock;

class trusted_browsers_api {
 public:
  trusted_browsers_api(storage& store, const clock& clk, two_factor_policy_admin& policy, session_service& sessions,
                       logger& log);

  [[nodiscard]] http_response list(const http_request& request);
  [[nodiscard]] http_response forget_all(const http_request& request);
  [[nodiscard]] http_response forget_one(const http_request& request);
  [[nodiscard]] http_response admin_revoke(const http_request& request);

  static constexpr std::string_view forget_one_path = "/api/me/trusted-browsers/{id}";
  static constexpr std::string_view admin_revoke_path = "/api/admin/users/{id}/trusted-browsers/revoke";

 private:
  [[nodiscard]] std::optional<active_session> session_of(const http_request& request);

  const clock& clock_;
  trusted_browsers browsers_;
  two_factor_policy_admin& policy_;
  session_service& sessions_;
  logger& log_;
};

}  // namespace twofold::server
