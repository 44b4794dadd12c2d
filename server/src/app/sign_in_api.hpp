#pragma once
// The sign-in endpoints, between HTTP and the sign-in flow (flows/sign_in_flow.hpp):
//   POST   /api/session                     sign in: 200 user | 202 a flow waits (its cookie) | 400 | 401 | 403 | 429
//   DELETE /api/session                     sign out: 204, cookie cleared (also when not signed in)
//   GET    /api/me                          the signed-in user, in the session's language: 200 | 401
//   PUT    /api/me/language                 {language, save?}: the session's language (and with
//                                           save, the user's): 200 like GET /api/me | 400 | 401
//   GET    /api/session/second-step         the code page: 200 | 401 second_step_expired
//   POST   /api/session/second-step         a code: 200 user | 202 new password | 400 | 401 | 403 account_locked
//   DELETE /api/session/second-step         cancel: 200 {flow: password}, sign-in cookie cleared
//   POST   /api/session/second-step/resend  a new email or SMS code: 200 | 401 | 409 nothing_to_resend | 429
//   GET    /api/session/new-password        the new-password page: 200 | 401 new_password_expired
//   POST   /api/session/new-password        {password}: 200 user | 400 | 401
// Every answer of a step carries "flow": {"state", "expires_in"?, "methods"?}
// (sign_in_flow.hpp's states), error answers included, so the browser
// routes by the state alone. One generic 401 covers unknown company,
// unknown account, wrong password and a disabled account (NIST SP 800-63B
// §5.2.2): the reason goes to the audit trail and log only.
#include "app/route.hpp"

namespace twofold::server {

namespace sign_in_api {

[[nodiscard]] http_response sign_in(app_services& services, request_context& context);
[[nodiscard]] http_response sign_out(app_services& services, request_context& context);
[[nodiscard]] http_response me(app_services& services, request_context& context);
[[nodiscard]] http_response change_language(app_services& services, request_context& context);
[[nodiscard]] http_response second_step(app_services& services, request_context& context);
[[nodiscard]] http_response submit_code(app_services& services, request_context& context);
[[nodiscard]] http_response cancel(app_services& services, request_context& context);
[[nodiscard]] http_response resend(app_services& services, request_context& context);
[[nodiscard]] http_response new_password(app_services& services, request_context& context);
[[nodiscard]] http_response submit_new_password(app_services& services, request_context& context);

}  // namespace sign_in_api

// `answer` (a JSON body) with "flow": {"state": `state`}: a refusal that
// leaves the flow where it was.
[[nodiscard]] http_response with_flow_state(http_response answer, sign_in_state state);

// The answer to a step of the sign-in flow (its outcome, logged), with the
// flow's state and the cookies it sets or clears; `expected`: the state the
// route serves, for the answer when the flow is gone.
[[nodiscard]] http_response sign_in_step_answer(app_services& services, const sign_in_outcome& outcome,
                                                request_context& context, sign_in_state expected);

// The answer when no flow in `state` is in progress: 401 second_step_expired
// (new_password_expired, bind_expired), the sign-in cookie cleared, flow state password.
[[nodiscard]] http_response flow_gone_answer(sign_in_state state, const request_context& context);

// 403 account_locked (until an admin unlocks), or account_locked_timed with
// "seconds" and Retry-After.
[[nodiscard]] http_response locked_answer(std::chrono::seconds remaining, i18n::language language);

}  // namespace twofold::server
