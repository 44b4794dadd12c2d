#pragma once
// The links the server mails (password reset, sign-in page). They are built
// from the configured public URL (--public-url), never from a request's Host
// header, which anyone can set: a forged Host would otherwise put an
// attacker's site in a genuine reset mail. Without a public URL they use
// the address the server listens on, as printed at start (server.listening
// "url"), with the port actually bound (--port 0 picks one).
//
// The reset token travels in the URL fragment (/reset/#token=...): browsers
// never send a fragment to a server, so it stays out of access logs, proxies
// and Referer headers; the page reads it and removes it from the address bar.
//
// Thread-safe: listening_on() may run while requests are served.
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace twofold::server {

struct config;

class public_links {
 public:
  explicit public_links(const config& cfg);

  // The port the server bound; used only when no public URL is configured.
  void listening_on(std::uint16_t port);

  // "https://twofold.example.com" (no trailing slash).
  [[nodiscard]] std::string origin() const;
  // origin + "/reset/#token=" + token
  [[nodiscard]] std::string reset_link(std::string_view token) const;
  // origin + "/"
  [[nodiscard]] std::string sign_in_link() const;
  // origin + "/profile/#security": Profile > Security, where the notices send people
  [[nodiscard]] std::string security_link() const;

 private:
  const config& cfg_;
  std::atomic<std::uint16_t> bound_port_{0};
};

}  // namespace twofold::server
