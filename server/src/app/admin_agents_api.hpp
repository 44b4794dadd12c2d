#pragma once
// An administrator's changes to the people of their company (admin/agent_changes.hpp):
//   PUT    /api/admin/users/{id}           edit name, email, role, language -> 200 {"user"}
//   POST   /api/admin/users/{id}/disable   sign-in refused, every session ended -> 204
//   POST   /api/admin/users/{id}/enable    -> 204
//   DELETE /api/admin/users/{id}           the person and everything of theirs -> 204
// Refusals: 401 / 403 (app/admin_access.hpp); 403 person_not_in_company for an
// id of no person of the administrator's company (another company's person included,
// with the same answer); 409 cannot_change_self for the administrator's own
// role, disabling or deleting themselves; 400 validation_failed for the
// edit's fields (email "taken" by another person of the company).
#include <string_view>

#include "app/http_types.hpp"

namespace twofold::server {

struct config;
class logger;
class agent_changes;
class session_service;

class admin_agents_api {
 public:
  admin_agents_api(const config& cfg, agent_changes& agents, session_service& sessions, logger& log);

  [[nodiscard]] http_response edit(const http_request& request);
  [[nodiscard]] http_response disable(const http_request& request);
  [[nodiscard]] http_response enable(const http_request& request);
  [[nodiscard]] http_response remove(const http_request& request);

  // Route patterns, for the router.
  static constexpr std::string_view person_path = "/api/admin/users/{id}";
  static constexpr std::string_view disable_path = "/api/admin/users/{id}/disable";
  static constexpr std::string_view enable_path = "/api/admin/users/{id}/enable";

 private:
  [[nodiscard]] http_response change_disabled(const http_request& request, std::string_view pattern, bool disabled);

  const config& cfg_;
  agent_changes& agents_;
  session_service& sessions_;
  logger& log_;
};

}  // namespace twofold::server
