#pragma once
// Who may use an administrator's endpoint, decided on the server for every
// request: no session (or an expired one) is 401 not_signed_in; anyone but an
// administrator is 403 forbidden, whatever they asked for. Which company's
// data an administrator reaches is decided by the handlers: their own only,
// and a person of another company is 404 not_found, like one that does not exist.
#include <variant>

#include "app/http_types.hpp"
#include "auth/sessions.hpp"
#include "twofold/i18n/catalog.hpp"

namespace twofold::server {

class logger;

// The signed-in administrator, or the answer refusing the request.
[[nodiscard]] std::variant<active_session, http_response> signed_in_admin(const http_request& request,
                                                                          session_service& sessions, logger& log);

// A person the administrator may not act on: one of another company, or no
// one. 403 like every refusal here, and the same answer for both, so an id
// tells nothing about other companies.
[[nodiscard]] http_response person_refused(i18n::language language);

}  // namespace twofold::server
