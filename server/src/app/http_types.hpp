#pragma once
// Plain request/response types: the only view of HTTP that the application
// has. The Beast layer (server/src/http) converts to and from these, so
// routing and business logic are tested without sockets or Boost headers.
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace twofold::server {

struct http_request {
  std::string method;                         // "GET", "POST", ...
  std::string target;                         // path and query, as received
  std::map<std::string, std::string> headers; // names lower-cased; repeated headers joined with ", "
  std::string body;
  std::string remote_ip;                      // the client's address, textual: the connection's, or the one a
                                              // trusted proxy names (http/forwarded_client.hpp)
  bool tls = false;                           // browsers reach us over HTTPS: TLS here or at a proxy in front
                                              // (config::served_over_https); decides __Host- cookies and HSTS

  [[nodiscard]] std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string{} : it->second;
  }
};

struct http_response {
  unsigned status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // in order; Set-Cookie may repeat
  std::string body;
};

}  // namespace twofold::server
