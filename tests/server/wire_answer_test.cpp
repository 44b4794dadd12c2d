// An answer as written to the socket: the head in one piece, byte for byte
// what Beast's serializer sends for the same message, the body apart, and
// what every answer carries whoever built it.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "app/security_headers.hpp"
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

// The same answer built as a Beast message and written by Beast's serializer.
std::string as_beast_writes_it(const http_response& response, bool keep_alive) {
  http::response<http::string_body> message{static_cast<http::status>(response.status), 11};
  for (const auto& [name, value] : response.headers) message.insert(name, value);
  for (const auto& [name, value] : security_headers(false)) message.insert(name, value);
  message.set(http::field::server, "Twofold");
  message.keep_alive(keep_alive);
  message.body() = response.body;
  message.content_length(response.body.size());
  std::ostringstream out;
  out << message;
  return out.str();
}

TEST(wire_answer, is_the_head_beast_would_write_then_the_body) {
  for (const bool keep_alive : {true, false}) {
    const auto wire = to_wire(json_answer_with_fields(), {.keep_alive = keep_alive});
    EXPECT_EQ(wire.head + wire.body, as_beast_writes_it(json_answer_with_fields(), keep_alive));
    EXPECT_TRUE(wire.head.ends_with("\r\n\r\n"));
    EXPECT_EQ(wire.body, R"({"status":"ok"})");
    EXPECT_EQ(wire.status, 200U);
  }
}

TEST(wire_answer, head_of_a_head_request_carries_the_length_and_no_body) {
  const auto wire = to_wire(json_answer_with_fields(), {.head = true});
  EXPECT_NE(wire.head.find("Content-Length: 15\r\n"), std::string::npos);
  EXPECT_TRUE(wire.body.empty());
}

TEST(wire_answer, keeps_an_http_1_0_connection_open_only_when_asked) {
  const auto kept = to_wire(json_answer_with_fields(), {.version = 10, .keep_alive = true});
  EXPECT_TRUE(kept.head.starts_with("HTTP/1.0 200 OK\r\n"));
  EXPECT_NE(kept.head.find("Connection: keep-alive\r\n"), std::string::npos);
  const auto closed = to_wire(json_answer_with_fields(), {.version = 10, .keep_alive = false});
  EXPECT_EQ(closed.head.find("Connection:"), std::string::npos);
}

TEST(wire_answer, a_not_modified_answer_has_neither_length_nor_body) {
  http_response response;
  response.status = 304;
  response.headers.emplace_back("ETag", R"("abc")");
  response.body = "stale";
  const auto wire = to_wire(std::move(response), {});
  EXPECT_TRUE(wire.head.starts_with("HTTP/1.1 304 Not Modified\r\n"));
  EXPECT_EQ(wire.head.find("Content-Length"), std::string::npos);
  EXPECT_TRUE(wire.body.empty());
}

TEST(wire_answer, every_answer_carries_the_security_headers_hsts_only_over_https) {
  const auto plain = to_wire(json_answer_with_fields(), {.tls = false});
  const auto https = to_wire(json_answer_with_fields(), {.tls = true});
  for (const auto& [name, value] : security_headers(false)) {
    const auto line = std::string(name) + ": " + std::string(value) + "\r\n";
    EXPECT_NE(plain.head.find(line), std::string::npos) << name;
    EXPECT_NE(https.head.find(line), std::string::npos) << name;
  }
  EXPECT_EQ(plain.head.find("Strict-Transport-Security"), std::string::npos);
  EXPECT_NE(https.head.find("Strict-Transport-Security: max-age=31536000\r\n"), std::string::npos);
}

TEST(wire_answer, an_answer_keeps_its_own_policy_in_any_letter_case) {
  auto response = json_answer_with_fields();
  response.headers.emplace_back("content-security-policy", "default-src 'self'");
  const auto wire = to_wire(std::move(response), {});
  EXPECT_NE(wire.head.find("content-security-policy: default-src 'self'\r\n"), std::string::npos);
  EXPECT_EQ(wire.head.find("Content-Security-Policy"), std::string::npos) << "not sent twice";
}

TEST(wire_answer, no_value_can_add_a_field_or_end_the_head) {
  auto response = json_answer_with_fields();
  response.headers.emplace_back("Location", "/next\r\nSet-Cookie: stolen=1\r\n\r\n<html>");
  const auto wire = to_wire(std::move(response), {});
  EXPECT_EQ(wire.head.find("\r\nSet-Cookie"), std::string::npos);
  EXPECT_EQ(wire.head.find("\r\n\r\n"), wire.head.size() - 4) << "the head ends only at its end";
}

TEST(wire_answer, a_status_outside_the_valid_range_is_answered_as_500) {
  auto response = json_answer_with_fields();
  response.status = 42;
  const auto wire = to_wire(std::move(response), {});
  EXPECT_TRUE(wire.head.starts_with("HTTP/1.1 500 Internal Server Error\r\n"));
  EXPECT_EQ(wire.status, 500U);
}

}  // namespace
}  // namespace twofold::server::testing
