#pragma once
// The API's routes, each declared once (the table in app.cpp): its method,
// path, who may call it, the body it takes and its handler. The router
// (router.hpp) does for every route what every route needs: the access
// check, the JSON-object parse, the language of the answer and the error
// answers, so a handler starts with a request it may serve.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "account/client_info.hpp"
#include "app/http_types.hpp"
#include "app/request_lane.hpp"
#include "auth/sessions.hpp"
#include "flows/sign_in_flow.hpp"
#include "twofold/i18n/catalog.hpp"

namespace twofold::server {

struct app_services;

enum class access {
  anyone,         // no session needed: sign in, forgot password, reset
  sign_in_flow,   // a sign-in in progress (its cookie): the code and new-password pages
  session,        // a signed-in user: 401 not_signed_in without one
  administrator,  // a signed-in administrator: 401 without a session, 403 forbidden for others
};

// "anyone" | "sign_in_flow" | "session" | "administrator"
[[nodiscard]] std::string_view access_name(access who);

enum class body_kind {
  none,                  // the body is ignored
  json_object,           // a JSON object, else 400 malformed_json
  json_object_or_empty,  // the same, or an empty body read as {}
};

// Whether a session that must set 2FA up first (app/setup_gate.hpp) reaches
// the route; anything else answers it 403 two_factor_setup_required.
enum class during_setup { refused, allowed };

// What the router found out about a request, for the route's handler.
struct request_context {
  const http_request& request;
  i18n::language language;                // the session's, else Accept-Language's, else English
  client_info client;                     // as recorded in sessions and audit events
  std::optional<active_session> session;  // access session and administrator: always set
  nlohmann::json body;                    // a JSON object for json bodies; else null
  std::optional<row_id> id;               // the path's {id}
  std::string flow_cookie;                // access sign_in_flow: the sign-in cookie's value
  std::optional<std::string> new_device;  // a sign-in step from a browser without a device cookie: its new one

  [[nodiscard]] const user& account() const { return session->account; }
};

struct route {
  std::string_view method;
  std::string_view path;  // literal, or with one "{id}" segment: a positive decimal number
  access who = access::anyone;
  body_kind body = body_kind::none;
  during_setup setup = during_setup::refused;
  http_response (*handler)(app_services&, request_context&) = nullptr;
  // A step of the sign-in flow: the state it serves. Its refusals carry it
  // too, and without a flow in progress (access sign_in_flow) it answers
  // that the flow is gone. A browser without a device cookie gets one.
  std::optional<sign_in_state> flow_state = std::nullopt;
  request_lane lane = request_lane::workers;
};

// `declared`, run where password hashes run: a route whose handler may check
// or set a password (a sign-in, a step-up, a new or reset password).
[[nodiscard]] constexpr route hashes_password(route declared) {
  declared.lane = request_lane::password_hashing;
  return declared;
}

// Whether `path` matches `pattern` (route::path); the {id}'s number, or 0 for
// a literal pattern, when it does.
[[nodiscard]] std::optional<row_id> match_route_path(std::string_view pattern, std::string_view path);

}  // namespace twofold::server
