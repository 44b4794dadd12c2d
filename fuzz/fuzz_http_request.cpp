// Raw bytes from a socket up to the application's http_request, as
// http/http_session.cpp reads them: a fresh Beast request parser per request
// with the server's body limit (Beast's own 8 KiB header limit), requests
// read one after another while the connection is kept alive, each converted
// by to_http_request, and an answer framed for it by to_wire.
//
// Input: the first byte chooses how many bytes each read hands over (a
// socket delivers what it has), the rest is what the client sent.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

#include "config/config.hpp"
#include "fuzz_check.hpp"
#include "http/beast_messages.hpp"

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using twofold::fuzz::require;

// A SyncReadStream over the input: at most `chunk` bytes per read, then
// end of stream, as a client that sent everything and closed would be.
class replayed_socket {
 public:
  replayed_socket(std::span<const std::uint8_t> bytes, std::size_t chunk) : bytes_(bytes), chunk_(chunk) {}

  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers, beast::error_code& ec) {
    if (bytes_.empty()) {
      ec = net::error::eof;
      return 0;
    }
    const auto n = net::buffer_copy(buffers, net::buffer(bytes_.data(), std::min(chunk_, bytes_.size())));
    bytes_ = bytes_.subspan(n);
    ec = {};
    return n;
  }

  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers) {
    beast::error_code ec;
    const auto n = read_some(buffers, ec);
    if (ec) throw beast::system_error(ec);
    return n;
  }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t chunk_;
};

bool has_upper_case(const std::string& text) {
  return std::any_of(text.begin(), text.end(), [](unsigned char c) { return std::isupper(c) != 0; });
}

void check_conversion(const twofold::server::beast_request& parsed, const twofold::server::http_request& converted,
                      std::size_t body_limit) {
  require(converted.method == parsed.method_string(), "the method is carried over as sent");
  require(converted.target == parsed.target(), "the target is carried over as sent");
  require(converted.body.size() <= body_limit, "no body above the server's limit reaches the application");
  require(converted.remote_ip == "192.0.2.1", "the peer's address is the socket's");
  for (const auto& [name, value] : converted.headers) {
    require(!name.empty() && !has_upper_case(name), "header names are lower-cased and never empty");
  }
  for (const auto& field : parsed) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    require(converted.header(name).find(field.value()) != std::string::npos, "every header value is kept");
  }
}

// The answer as it goes on the wire, with a field whose value the client
// chose (the target): its head reads back as one response head, to its last
// byte, with that field once, the body's length, and the connection kept or
// closed as the request asked.
void check_answer(const twofold::server::beast_request& parsed, const std::string& body) {
  const twofold::server::answer_framing framing{parsed.version(), parsed.keep_alive(),
                                                parsed.method() == http::verb::head, false};
  twofold::server::http_response answer{
      .status = 200, .headers = {{"Location", std::string(parsed.target())}}, .body = body};
  const auto wire = twofold::server::to_wire(std::move(answer), framing);
  http::response_parser<http::empty_body> reader;
  reader.skip(true);  // the head alone
  beast::error_code ec;
  const auto used = reader.put(boost::asio::buffer(wire.head), ec);
  require(!ec && reader.is_header_done() && used == wire.head.size(), "the head reads back whole, and ends at its end");
  const auto& head = reader.get();
  require(head.count(http::field::location) == 1, "a client's bytes in a value stay one field");
  require(head[http::field::content_length] == std::to_string(body.size()), "the length is the body's");
  require(head.keep_alive() == framing.keep_alive, "the connection is kept or closed as the request asked");
  require(wire.body.size() == (framing.head ? 0 : body.size()), "a HEAD answer carries no body");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = data[0] == 0 ? size : data[0];
  replayed_socket socket({data + 1, size - 1}, chunk);
  const auto body_limit = twofold::server::config{}.max_body_bytes;

  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;  // fresh per request
    parser.body_limit(body_limit);
    beast::error_code ec;
    http::read(socket, buffer, parser, ec);
    if (ec) return 0;  // the server answers 400 or 413, or closes
    auto parsed = parser.release();
    const auto keep_alive = parsed.keep_alive();
    auto copy = parsed;
    const auto converted = twofold::server::to_http_request(std::move(copy), "192.0.2.1", false);
    check_conversion(parsed, converted, body_limit);
    check_answer(parsed, converted.body);
    if (!keep_alive) return 0;
  }
}
