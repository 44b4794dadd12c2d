#pragma once
// The server's own HTTP requests, by libcurl: to an OpenID provider
// (discovery, keys, the token endpoint) and to an SMS gateway. Certificate
// and host name always verified; plain http only to this machine (127.0.0.1,
// ::1, localhost: tests and a service on the same host); no redirects
// followed; timeouts; answers cut off at a size cap, so a remote service can
// neither hang a thread nor fill its memory.
#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace twofold::server {

struct fetch_limits {
  std::chrono::seconds connect_timeout{5};
  std::chrono::seconds total_timeout{10};
  std::size_t max_body_bytes = 256 * 1024;
};

struct fetched {
  long status = 0;
  std::string body;
};

enum class fetch_failure {
  url_refused,  // not https (or http to this machine), or malformed
  unreachable,  // no connection, TLS refused, timed out
  too_large,    // the answer passed max_body_bytes
};

using fetch_result = std::variant<fetched, fetch_failure>;

// Whether `url` may be fetched: https, or http to this machine.
[[nodiscard]] bool fetchable_url(std::string_view url);

[[nodiscard]] fetch_result http_get(const std::string& url, const fetch_limits& limits = {});

// application/x-www-form-urlencoded `fields`; with `basic_user` set, HTTP
// Basic authentication (RFC 6749 §2.3.1: both parts form-encoded first).
struct form_post {
  std::vector<std::pair<std::string, std::string>> fields;
  std::string basic_user;
  std::string basic_password;
};
[[nodiscard]] fetch_result http_post_form(const std::string& url, const form_post& form,
                                          const fetch_limits& limits = {});

// A body of any type, with request headers of the caller's ("Name: value",
// e.g. an SMS gateway's authorization).
struct body_post {
  std::string content_type;  // e.g. "application/json; charset=utf-8"
  std::string body;
  std::vector<std::string> headers;
};
[[nodiscard]] fetch_result http_post(const std::string& url, const body_post& post, const fetch_limits& limits = {});

// The form encoding (RFC 3986 unreserved kept, everything else %XX).
[[nodiscard]] std::string form_encoded(std::string_view text);

}  // namespace twofold::server
