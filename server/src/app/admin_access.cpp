#include "app/admin_access.hpp"

#include "app/api_answers.hpp"
#include "app/query_string.hpp"
#include "app/request_language.hpp"
#include "app/session_cookie.hpp"
#include "runtime/logger.hpp"

namespace twofold::server {

std::variant<active_session, http_response> signed_in_admin(const http_request& request, session_service& sessions,
                                                            logger& log) {
  const auto cookie = session_cookie_value(request);
  auto session = cookie ? sessions.resume(*cookie) : std::nullopt;
  if (!session) {
    return error_answer(401, "not_signed_in", answer_language(std::nullopt, request.header("accept-language")));
  }
  if (session->account.role != user_role::admin) {
    log.warn("admin.forbidden", {{"user_id", session->account.id}, {"path", path_of(request.target)}});
    return error_answer(403, "forbidden", session->account.language);
  }
  return *std::move(session);
}

http_response person_refused(i18n::language language) { return error_answer(403, "person_not_in_company", language); }

}  // namespace twofold::server
