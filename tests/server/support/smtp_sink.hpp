#pragma once
// A real SMTP server for the tests: aiosmtpd (Debian python3-aiosmtpd) run by
// smtp_sink.py on 127.0.0.1, keeping each message it receives in a folder.
// Plain, STARTTLS or SMTPS, with or without AUTH (smtp_sink.py says how each
// behaves). The constructor returns once the server accepts connections;
// the destructor stops it.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/test_certificates.hpp"

namespace twofold::server::testing {

struct received_mail {
  std::filesystem::path file;  // the message as sent, NNNN.eml
  nlohmann::json envelope;     // {"mail_from": "...", "rcpt_tos": ["..."], "auth_user": "..." or null}
};

// One AUTH command as the server received it, whether it accepted it or not.
struct auth_attempt {
  std::string mechanism;  // "PLAIN", "LOGIN", ...
  bool tls = false;       // whether the connection was encrypted by then
};

enum class smtp_sink_tls {
  none,      // plain SMTP; with a user, AUTH is offered in clear
  starttls,  // STARTTLS required first; AUTH (when there is a user) only after it
  implicit,  // SMTPS: TLS from the first byte
};

struct smtp_sink_options {
  smtp_sink_tls tls = smtp_sink_tls::none;
  server_certificate certificate;  // for starttls and implicit
  std::string user;                // empty: no AUTH; otherwise AUTH LOGIN/PLAIN, required with TLS
  std::string password;
};

class smtp_sink {
 public:
  // Throws when the server has not accepted a connection within `deadline`.
  smtp_sink(std::uint16_t port, std::filesystem::path folder, smtp_sink_options options = {},
            std::chrono::seconds deadline = std::chrono::seconds{20});
  ~smtp_sink();
  smtp_sink(const smtp_sink&) = delete;
  smtp_sink& operator=(const smtp_sink&) = delete;

  // smtps://127.0.0.1:PORT for implicit TLS, smtp://127.0.0.1:PORT otherwise.
  [[nodiscard]] std::string url() const;
  // Every message received so far, in arrival order.
  [[nodiscard]] std::vector<received_mail> received() const;
  // Every AUTH command received so far, in arrival order.
  [[nodiscard]] std::vector<auth_attempt> auth_attempts() const;

 private:
  void stop();

  std::uint16_t port_;
  std::filesystem::path folder_;
  bool implicit_tls_;
  pid_t pid_ = -1;
};

// A TCP port on 127.0.0.1 that nothing listened on a moment ago.
[[nodiscard]] std::uint16_t free_loopback_port();

// Whether something accepts TCP connections on 127.0.0.1:port.
[[nodiscard]] bool accepts_connections(std::uint16_t port);

}  // namespace twofold::server::testing
