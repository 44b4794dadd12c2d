// An answer as written to the socket: the head in one piece, byte for byte
// what Beast's serializer sends, and the body apart.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include <boost/beast/http/write.hpp>

#include "http/beast_messages.hpp"

namespace twofold::server::testing {
namespace {

namespace http = boost::beast::http;

http_response json_answer_with_fields() {
  http_response response;
  response.status = 200;
  for (int i = 0; i < 14; ++i) response.headers.emplace_back("X-Field-" + std::to_string(i), "value");
  response.headers.emplace_back("Content-Type", "application/json");
  response.body = R"({"status":"ok"})";
  return response;
}

std::string as_beast_writes_it(const beast_response& message) {
  std::ostringstream out;
  out << message;
  return out.str();
}

TEST(wire_answer, is_the_head_beast_would_write_then_the_body) {
  const auto message = to_beast_response(json_answer_with_fields(), {});
  const auto expected = as_beast_writes_it(message);
  const auto wire = to_wire(beast_response(message));
  EXPECT_EQ(wire.head + wire.body, expected);
  EXPECT_TRUE(wire.head.ends_with("\r\n\r\n"));
  EXPECT_EQ(wire.body, R"({"status":"ok"})");
  EXPECT_NE(wire.head.find("X-Field-13: value\r\n"), std::string::npos);
}

TEST(wire_answer, head_of_a_head_request_carries_the_length_and_no_body) {
  const auto wire = to_wire(to_beast_response(json_answer_with_fields(), {.head = true}));
  EXPECT_NE(wire.head.find("Content-Length: 15\r\n"), std::string::npos);
  EXPECT_TRUE(wire.body.empty());
}

TEST(wire_answer, keeps_an_http_1_0_connection_open_only_when_asked) {
  const auto kept = to_wire(to_beast_response(json_answer_with_fields(), {.version = 10, .keep_alive = true}));
  EXPECT_TRUE(kept.head.starts_with("HTTP/1.0 200 OK\r\n"));
  EXPECT_NE(kept.head.find("Connection: keep-alive\r\n"), std::string::npos);
  const auto closed = to_wire(to_beast_response(json_answer_with_fields(), {.version = 11, .keep_alive = false}));
  EXPECT_NE(closed.head.find("Connection: close\r\n"), std::string::npos);
}

}  // namespace
}  // namespace twofold::server::testing
