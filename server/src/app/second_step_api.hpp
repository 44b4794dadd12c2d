#pragma once
// The sign-in's second step, between HTTP and two_factor/second_step:
//   GET    /api/session/second-step         200 pending sign-in | 401 second_step_expired
//   POST   /api/session/second-step         200 user + session cookie | 400 | 401 code_rejected / second_step_expired
//   DELETE /api/session/second-step         204, second-step cookie cleared
//   POST   /api/session/second-step/resend  200 | 401 | 409 not_email_method | 429 resend_too_soon
// The pending sign-in is named by the second-step cookie (session_cookie.hpp).
#include "app/http_types.hpp"

namespace twofold::server {

struct config;
class logger;
class second_step_service;

class second_step_api {
 public:
  second_step_api(const config& cfg, second_step_service& second_steps, logger& log);

  [[nodiscard]] http_response status(const http_request& request);
  [[nodiscard]] http_response verify(const http_request& request);
  [[nodiscard]] http_response cancel(const http_request& request);
  [[nodiscard]] http_response resend(const http_request& request);

 private:
  const config& cfg_;
  second_step_service& second_steps_;
  logger& log_;
};

}  // namespace twofold::server
