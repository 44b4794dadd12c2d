#include "http/beast_messages.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <utility>

#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/string.hpp>

#include "app/security_headers.hpp"

namespace twofold::server {

namespace http = boost::beast::http;

namespace {

// Says what it is without a version, which would only help an attacker.
constexpr std::string_view server_name = "Twofold";

std::string lower_case(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

bool has_header(const beast_response& response, std::string_view name) {
  return response.find(boost::beast::string_view(name.data(), name.size())) != response.end();
}

// RFC 9110 §6.4.1: these answers never have content, nor a Content-Length.
bool forbids_content(unsigned status) { return status < 200 || status == 204 || status == 304; }

}  // namespace

http_request to_http_request(beast_request&& request, std::string remote_ip, bool tls) {
  http_request converted;
  converted.method = std::string(request.method_string());
  converted.target = std::string(request.target());
  for (const auto& field : request) {
    auto name = lower_case(field.name_string());
    auto value = std::string(field.value());
    auto [it, inserted] = converted.headers.try_emplace(name, value);
    if (!inserted) it->second += (name == "cookie" ? "; " : ", ") + value;
  }
  converted.body = std::move(request.body());
  converted.remote_ip = std::move(remote_ip);
  converted.tls = tls;
  return converted;
}

beast_response to_beast_response(http_response&& response, const answer_framing& framing) {
  // A status outside 100..599 is a handler bug; Beast would throw on it.
  unsigned status = (response.status >= 100 && response.status <= 599) ? response.status : 500;

  beast_response converted{static_cast<http::status>(status), framing.version};
  for (auto& [name, value] : response.headers) converted.insert(name, value);
  for (auto& [name, value] : security_headers(framing.tls)) {
    if (!has_header(converted, name)) converted.insert(name, value);
  }
  converted.set(http::field::server, server_name);
  converted.keep_alive(framing.keep_alive);

  if (forbids_content(status)) return converted;
  auto length = response.body.size();
  if (!framing.head) converted.body() = std::move(response.body);
  converted.content_length(length);
  return converted;
}

wire_answer to_wire(beast_response&& message) {
  wire_answer wire;
  const http::fields::writer header(message, message.version(), message.result_int());
  const auto pieces = header.get();
  wire.head.reserve(boost::asio::buffer_size(pieces));
  for (const auto piece : boost::beast::buffers_range_ref(pieces)) {
    wire.head.append(static_cast<const char*>(piece.data()), piece.size());
  }
  wire.body = std::move(message.body());
  return wire;
}

}  // namespace twofold::server
