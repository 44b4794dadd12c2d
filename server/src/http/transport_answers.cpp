#include "http/transport_answers.hpp"

#include <string>
#include <string_view>

#include "twofold/api/messages.hpp"
#include "twofold/i18n/catalog.hpp"

namespace twofold::server {

namespace {

unsigned status_of(transport_failure failure) {
  switch (failure) {
    case transport_failure::bad_request: return 400;
    case transport_failure::body_too_large: return 413;
    case transport_failure::internal: return 500;
    case transport_failure::overloaded: return 503;
  }
  return 500;
}

// The JSON `code`, e.g. "body_too_large".
std::string_view failure_code(transport_failure failure) {
  switch (failure) {
    case transport_failure::bad_request: return "bad_request";
    case transport_failure::body_too_large: return "body_too_large";
    case transport_failure::internal: return "internal";
    case transport_failure::overloaded: return "busy";
  }
  return "internal";
}

}  // namespace

http_response transport_answer(transport_failure failure, i18n::language language) {
  api::error_body error;
  error.code = std::string(failure_code(failure));
  error.message_key = "error." + error.code;
  error.message = std::string(i18n::translate(language, error.message_key));

  http_response response;
  response.status = status_of(failure);
  response.headers.emplace_back("Content-Type", "application/json");
  response.headers.emplace_back("Cache-Control", "no-store");
  // A hash takes some tens of milliseconds: the queue is likely drained in a second.
  if (failure == transport_failure::overloaded) response.headers.emplace_back("Retry-After", "1");
  response.body = api::to_json(error);
  return response;
}

}  // namespace twofold::server
