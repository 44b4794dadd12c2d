#pragma once
// The password endpoints, between HTTP and auth/:
//   POST /api/password/forgot        {company, account}: 202, always the same
//                                    body whether or not the account exists | 400 | 413 | 429
//   POST /api/password/reset         {token, password}: 204 (not signed in) |
//                                    400 validation_failed / reset_link_invalid | 413
//   GET  /api/session/new-password   the must-change-password step: 200 {password_change} | 401
//   POST /api/session/new-password   {password}: 200 user + session cookie | 400 | 401
#include "app/http_types.hpp"
#include "flows/new_password_step.hpp"

namespace twofold::server {

struct config;
class logger;
class password_reset_service;

class setup_gate;

class password_api {
 public:
  password_api(const config& cfg, password_reset_service& resets, new_password_step_service& steps,
               const setup_gate& gate, logger& log);

  [[nodiscard]] http_response forgot(const http_request& request);
  [[nodiscard]] http_response reset(const http_request& request);
  [[nodiscard]] http_response new_password_status(const http_request& request);
  [[nodiscard]] http_response set_new_password(const http_request& request);

 private:
  const config& cfg_;
  password_reset_service& resets_;
  new_password_step_service& steps_;
  const setup_gate& gate_;
  logger& log_;
};

// 202 {"password_change":{"expires_in"}} with the new-password cookie (and
// the second-step cookie cleared, if the request has one): a sign-in outcome.
[[nodiscard]] http_response password_change_answer(const password_change_required& pending,
                                                   const http_request& request);

}  // namespace twofold::server
