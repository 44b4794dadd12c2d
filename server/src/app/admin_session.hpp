#pragma once
// Who may call an administrator's endpoint: a signed-in administrator
// (401 not_signed_in without a session, 403 forbidden for anyone else).
// The role is checked before anything in the request is read, so a refused
// caller learns nothing from validation either.
#include <variant>

#include "app/http_types.hpp"
#include "auth/sessions.hpp"

namespace twofold::server {

class logger;

[[nodiscard]] std::variant<active_session, http_response> signed_in_admin(const http_request& request,
                                                                          session_service& sessions, logger& log);

}  // namespace twofold::server
