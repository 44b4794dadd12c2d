#pragma once
// The company's audit log for its administrators (admin/audit_log.hpp):
//   GET /api/admin/audit-events?user=&event=&from=&to=&page=
//     -> 200 {"events": [{"id", "time", "event", "user": {"id", "username",
//        "display_name"} | null, "actor": {"id", "username" | null,
//        "display_name", "deleted"} | null, "ip", "user_agent", "detail"}],
//        "total", "page", "page_size", "event_types": [every name the filter
//        accepts]}
// "actor" is the administrator who acted (detail.by_user_id); a deleted one
// has "deleted": true and the username the log kept (null for one deleted
// before the log kept it). `user` matches the user an event is about or
// the administrator who acted.
// 400 validation_failed with one error per bad parameter; 401 / 403 as in
// app/admin_access.hpp. Only the administrator's own company's events.
#include "app/http_types.hpp"

namespace twofold::server {

class logger;
class session_service;
class storage;

class admin_audit_api {
 public:
  admin_audit_api(storage& store, session_service& sessions, logger& log);

  [[nodiscard]] http_response list(const http_request& request);

 private:
  storage& store_;
  session_service& sessions_;
  logger& log_;
};

}  // namespace twofold::server
