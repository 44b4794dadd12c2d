#include "http/beast_messages.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string_view>
#include <utility>

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/status.hpp>

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

// Room for a dozen fields and a policy without growing.
constexpr std::size_t head_reserve = 1024;

bool has_header(const http_response& response, std::string_view name) {
  return std::ranges::any_of(response.headers, [&](const auto& field) {
    return boost::beast::iequals(field.first, boost::beast::string_view(name.data(), name.size()));
  });
}

// A line break inside a value would end the field and start one of the
// value's choosing (response splitting): values come from this server, but
// none may carry one onto the wire.
void append_field(std::string& head, std::string_view name, std::string_view value) {
  head.append(name);
  head += ": ";
  const auto start = head.size();
  head.append(value);
  std::replace_if(head.begin() + static_cast<std::ptrdiff_t>(start), head.end(),
                  [](char c) { return c == '\r' || c == '\n'; }, ' ');
  head += "\r\n";
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

wire_answer to_wire(http_response&& response, const answer_framing& framing) {
  // A status outside 100..599 is a handler bug.
  const unsigned status = (response.status >= 100 && response.status <= 599) ? response.status : 500;
  wire_answer wire;
  wire.status = status;
  auto& head = wire.head;
  head.reserve(head_reserve);
  head += framing.version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  head += std::to_string(status);
  head += ' ';
  const auto reason = http::obsolete_reason(static_cast<http::status>(status));
  head.append(reason.data(), reason.size());
  head += "\r\n";
  for (const auto& [name, value] : response.headers) append_field(head, name, value);
  for (const auto& [name, value] : security_headers(framing.tls)) {
    if (!has_header(response, name)) append_field(head, name, value);
  }
  append_field(head, "Server", server_name);
  // Beast's keep_alive(): HTTP/1.1 stays open unless told, HTTP/1.0 closes unless told.
  if (framing.version == 10 && framing.keep_alive) append_field(head, "Connection", "keep-alive");
  if (framing.version != 10 && !framing.keep_alive) append_field(head, "Connection", "close");
  if (!forbids_content(status)) {
    append_field(head, "Content-Length", std::to_string(response.body.size()));
    if (!framing.head) wire.body = std::move(response.body);
  }
  head += "\r\n";
  return wire;
}

}  // namespace twofold::server
