#pragma once
// The session endpoints, between HTTP and the auth flows:
//   POST   /api/session  sign in: 200 user + cookie | 202 second step + its cookie | 400 | 401 | 413 | 429
//                         (200 with "two_factor_setup_required": true when the user must set 2FA up first)
//   DELETE /api/session  sign out: 204, cookie cleared (also when not signed in)
//   GET    /api/me       the signed-in user: 200 | 401
// One generic 401 answer covers unknown company, unknown account, wrong
// password and a disabled account (NIST SP 800-63B §5.2.2; OWASP
// Authentication Cheat Sheet): the reason goes to the audit trail and log only.
#include "app/http_types.hpp"
#include "account/client_info.hpp"
#include "account/user.hpp"
#include "flows/second_step.hpp"
#include "twofold/i18n/catalog.hpp"

namespace twofold::server {

struct config;
class logger;
class sign_in_service;
class session_service;
class setup_gate;

class session_api {
 public:
  session_api(const config& cfg, sign_in_service& sign_in, session_service& sessions, const setup_gate& gate,
              logger& log);

  [[nodiscard]] http_response sign_in(const http_request& request);
  [[nodiscard]] http_response sign_out(const http_request& request);
  [[nodiscard]] http_response me(const http_request& request);

  // The language of an answer: the signed-in user's, else Accept-Language's, else English.
  [[nodiscard]] i18n::language language_of(const http_request& request);

 private:
  const config& cfg_;
  sign_in_service& sign_in_;
  session_service& sessions_;
  const setup_gate& gate_;
  logger& log_;
};

// 200 with the user and where they land, setting the session cookie (and
// clearing the request's second-step cookie, if it has one).
[[nodiscard]] http_response signed_in_answer(const user& account, std::string_view cookie_value,
                                             const http_request& request);

// 403 account_locked (until an admin unlocks), or account_locked_timed with
// "seconds" and Retry-After.
[[nodiscard]] http_response locked_answer(const account_locked& lock, i18n::language language);

// {"second_step":{"method","email_hint"?,"resend_in"?,"expires_in","attempts_left","remember_days"?}}
[[nodiscard]] std::string second_step_json(const second_step_view& view);

// The client as recorded in sessions and audit events; the user agent is cut
// to a bounded length so a client cannot grow the database at will.
[[nodiscard]] client_info client_of(const http_request& request);

}  // namespace twofold::server
