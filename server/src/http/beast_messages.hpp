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
using beast_response = boost::beast::http::response<boost::beast::http::string_body>;

// Header names lower-cased; repeated headers joined with ", " (Cookie with
// "; ", RFC 6265 §5.4, since cookie values may themselves contain commas).
[[nodiscard]] http_request to_http_request(beast_request&& request, std::string remote_ip, bool tls);

struct answer_framing {
  unsigned version = 11;   // the request's: 10 or 11
  bool keep_alive = true;  // false: "Connection: close" and the connection ends
  bool head = false;       // HEAD: the body's length is sent, the body is not
  bool tls = false;
};

// Adds what every answer carries whoever built it: the security headers the
// handler left out and a `Server` header that names no version.
[[nodiscard]] beast_response to_beast_response(http_response&& response, const answer_framing& framing);

// An answer as it goes on the wire: the status line and header fields in one
// piece, then the body. Beast's own serializer hands the kernel each field as
// four buffers and at most sixteen at a time, so a dozen fields took two
// system calls; these two buffers take one.
struct wire_answer {
  std::string head;
  std::string body;

  [[nodiscard]] std::array<boost::asio::const_buffer, 2> buffers() const {
    return {boost::asio::buffer(head), boost::asio::buffer(body)};
  }
};

[[nodiscard]] wire_answer to_wire(beast_response&& message);

}  // namespace twofold::server
