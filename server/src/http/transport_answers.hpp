#pragma once
// Answers the HTTP layer gives on its own, before or instead of the
// application: a request it cannot parse, a body over the limit, a handler
// that failed. Same JSON error shape and security headers as the app's.
#include "app/http_types.hpp"

namespace twofold::server {

enum class transport_failure {
  bad_request,     // 400: not parsable as HTTP/1.1 (RFC 9112 §2.2)
  body_too_large,  // 413: body over config.max_body_bytes (RFC 9110 §15.5.14)
  internal,        // 500: the handler threw
};

// {"error":{"code","message_key","message"}} with the message in English:
// the request's language is unknown when it could not be read.
[[nodiscard]] http_response transport_answer(transport_failure failure, bool tls);

}  // namespace twofold::server
