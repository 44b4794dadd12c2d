#include "support/smtp_sink.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "support/poll_until.hpp"

extern char** environ;

namespace twofold::server::testing {

namespace {

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

class socket_fd {
 public:
  socket_fd() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    if (fd_ < 0) throw std::runtime_error("socket() failed");
  }
  ~socket_fd() { ::close(fd_); }
  socket_fd(const socket_fd&) = delete;
  socket_fd& operator=(const socket_fd&) = delete;
  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_;
};

bool has_exited(pid_t pid) {
  int status = 0;
  return ::waitpid(pid, &status, WNOHANG) == pid;
}

}  // namespace

std::uint16_t free_loopback_port() {
  socket_fd probe;
  sockaddr_in address = loopback(0);
  if (::bind(probe.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    throw std::runtime_error("bind() failed");
  }
  socklen_t length = sizeof address;
  ::getsockname(probe.get(), reinterpret_cast<sockaddr*>(&address), &length);
  return ntohs(address.sin_port);
}

bool accepts_connections(std::uint16_t port) {
  socket_fd probe;
  sockaddr_in address = loopback(port);
  return ::connect(probe.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
}

smtp_sink::smtp_sink(std::uint16_t port, std::filesystem::path folder, std::chrono::seconds deadline)
    : port_(port), folder_(std::move(folder)) {
  std::filesystem::create_directories(folder_);
  std::string python = TWOFOLD_SYSTEM_PYTHON;
  std::string script = std::string(TWOFOLD_TEST_SUPPORT_DIR) + "/smtp_sink.py";
  std::string port_text = std::to_string(port);
  std::string folder_text = folder_.string();
  char* arguments[] = {python.data(), script.data(), port_text.data(), folder_text.data(), nullptr};
  if (posix_spawn(&pid_, python.c_str(), nullptr, nullptr, arguments, environ) != 0) {
    throw std::runtime_error("cannot start " + python + " " + script);
  }
  bool exited = false;
  const bool ready = poll_until(deadline, [&] {
    exited = has_exited(pid_);
    return exited || accepts_connections(port_);
  });
  if (!ready || exited) {
    if (exited) pid_ = -1;  // already reaped
    stop();
    throw std::runtime_error("the SMTP sink (aiosmtpd) did not start on port " + port_text +
                             "; is python3-aiosmtpd installed?");
  }
}

smtp_sink::~smtp_sink() { stop(); }

void smtp_sink::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::vector<received_mail> smtp_sink::received() const {
  std::vector<received_mail> mails;
  for (const auto& entry : std::filesystem::directory_iterator(folder_)) {
    if (entry.path().extension() != ".eml") continue;
    auto envelope_file = entry.path();
    envelope_file.replace_extension(".json");
    std::ifstream in(envelope_file);
    mails.push_back({entry.path(), nlohmann::json::parse(in)});
  }
  std::sort(mails.begin(), mails.end(), [](const auto& a, const auto& b) { return a.file < b.file; });
  return mails;
}

}  // namespace twofold::server::testing
