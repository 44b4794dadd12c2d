#pragma once
// Dispatches an /api/ request to its route (route.hpp), after doing what
// every route declares it needs, in this order:
//   1. the route: 404 not_found for no path, 405 method_not_allowed (with
//      Allow) for a path without this method;
//   2. a session: session and administrator resume it (401 not_signed_in,
//      the stale cookie cleared), once, and the answer speaks its language;
//   3. "Require 2FA for all users": a session that must set 2FA up first
//      reaches only routes marked during_setup::allowed (403 otherwise);
//   4. access: administrator checks the role (403 forbidden, logged);
//      sign_in_flow needs the sign-in cookie (the flow's 401 answer without one);
//   5. the body: a JSON object where the route takes one (400 malformed_json).
// Answers speak the session's language, else Accept-Language's.
#include <span>
#include <string_view>

#include "app/route.hpp"

namespace twofold::server {

class logger;

// The client as recorded in sessions and audit events; the user agent is cut
// to a bounded length so a client cannot grow the database at will.
[[nodiscard]] client_info client_of(const http_request& request);

// A new device cookie for this browser: its hash in the context's client, its
// value set on the answer (session_cookie.hpp).
void give_device_cookie(request_context& context);
class setup_gate;

class router {
 public:
  // `routes`, `sessions`, `gate` and `log` must outlive the router.
  router(std::span<const route> routes, session_service& sessions, const setup_gate& gate, logger& log);

  [[nodiscard]] http_response dispatch(app_services& services, const http_request& request,
                                       std::string_view path) const;

  // The language of an answer to `request`: its session's, else Accept-Language's, else English.
  [[nodiscard]] i18n::language language_of(const http_request& request) const;

  [[nodiscard]] std::span<const route> routes() const { return routes_; }

 private:
  [[nodiscard]] std::optional<http_response> refusal(const route& chosen, request_context& context) const;

  std::span<const route> routes_;
  session_service& sessions_;
  const setup_gate& gate_;
  logger& log_;
};

}  // namespace twofold::server
