#pragma once
// Answers the HTTP layer gives on its own, before or instead of the
// application: a request it cannot parse, a body over the limit, a handler
// that failed, a full password-hashing queue. Same JSON error shape as the
// app's; like every answer, they get the security headers on the wire.
#include "app/http_types.hpp"
#include "twofold/i18n/catalog.hpp"

namespace twofold::server {

enum class transport_failure {
  bad_request,     // 400: not parsable as HTTP/1.1 (RFC 9112 §2.2)
  body_too_large,  // 413: body over config.max_body_bytes (RFC 9110 §15.5.14)
  internal,        // 500: the handler threw
  overloaded,      // 503 with Retry-After: the password-hashing queue is full (http/hashing_pool.hpp)
};

// {"error":{"code","message_key","message"}}, the message in `language`:
// English when the request could not be read.
[[nodiscard]] http_response transport_answer(transport_failure failure, i18n::language language);

}  // namespace twofold::server
