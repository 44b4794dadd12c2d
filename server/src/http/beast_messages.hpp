#pragma once
// Conversion between Beast's messages and the application's plain
// http_request/http_response, so nothing above this layer sees Beast.
#include <array>
#include <string>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "app/http_types.hpp"

namespace twofold::server {

using beast_request = boost::beast::http::request<boost::beast::http::string_body>;

// Header names lower-cased; repeated headers joined with ", " (Cookie with
// "; ", RFC 6265 §5.4, since cookie values may themselves contain commas).
[[nodiscard]] http_request to_http_request(beast_request&& request, std::string remote_ip, bool tls);

struct answer_framing {
  unsigned version = 11;   // the request's: 10 or 11
  bool keep_alive = true;  // false: "Connection: close" and the connection ends
  bool head = false;       // HEAD: the body's length is sent, the body is not
  bool tls = false;
};

// An answer as it goes on the wire: the status line and header fields in one
// piece, then the body, so the two leave in one system call (Beast's own
// serializer hands the kernel each field as four buffers, at most sixteen at
// a time, and a dozen fields took two).
struct wire_answer {
  unsigned status = 0;
  std::string head;
  std::string body;

  [[nodiscard]] std::array<boost::asio::const_buffer, 2> buffers() const {
    return {boost::asio::buffer(head), boost::asio::buffer(body)};
  }
};

// The answer serialized as RFC 9112 §4-6 frame it, the bytes Beast's
// serializer would write for the same message, with what every answer
// carries whoever built it: the security headers the handler left out and a
// `Server` header that names no version. Written straight from the answer's
// fields: a Beast message in between cost an allocation per field.
[[nodiscard]] wire_answer to_wire(http_response&& response, const answer_framing& framing);

}  // namespace twofold::server
