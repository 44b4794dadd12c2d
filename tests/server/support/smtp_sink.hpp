#pragma once
// A real SMTP server for the tests: aiosmtpd (Debian python3-aiosmtpd) run by
// smtp_sink.py on 127.0.0.1, keeping each message it receives in a folder.
// The constructor returns once the server accepts connections; the
// destructor stops it.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace twofold::server::testing {

struct received_mail {
  std::filesystem::path file;  // the message as sent, NNNN.eml
  nlohmann::json envelope;     // {"mail_from": "...", "rcpt_tos": ["..."]}
};

class smtp_sink {
 public:
  // Throws when the server has not accepted a connection within `deadline`.
  smtp_sink(std::uint16_t port, std::filesystem::path folder,
            std::chrono::seconds deadline = std::chrono::seconds{20});
  ~smtp_sink();
  smtp_sink(const smtp_sink&) = delete;
  smtp_sink& operator=(const smtp_sink&) = delete;

  [[nodiscard]] std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  // Every message received so far, in arrival order.
  [[nodiscard]] std::vector<received_mail> received() const;

 private:
  void stop();

  std::uint16_t port_;
  std::filesystem::path folder_;
  pid_t pid_ = -1;
};

// A TCP port on 127.0.0.1 that nothing listened on a moment ago.
[[nodiscard]] std::uint16_t free_loopback_port();

// Whether something accepts TCP connections on 127.0.0.1:port.
[[nodiscard]] bool accepts_connections(std::uint16_t port);

}  // namespace twofold::server::testing
