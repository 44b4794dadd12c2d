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

// smtp_sink.py's options for `options`.
std::vector<std::string> sink_arguments(const smtp_sink_options& options) {
  std::vector<std::string> arguments;
  if (options.tls != smtp_sink_tls::none) {
    arguments = {"--tls", options.tls == smtp_sink_tls::starttls ? "starttls" : "implicit",
                 "--cert", options.certificate.certificate.string(), "--key", options.certificate.key.string()};
  }
  if (!options.user.empty()) {
    arguments.insert(arguments.end(), {"--user", options.user, "--password", options.password});
  }
  return arguments;
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

smtp_sink::smtp_sink(std::uint16_t port, std::filesystem::path folder, smtp_sink_options options,
                     std::chrono::seconds deadline)
    : port_(port), folder_(std::move(folder)), implicit_tls_(options.tls == smtp_sink_tls::implicit) {
  std::filesystem::create_directories(folder_);
  std::vector<std::string> arguments{TWOFOLD_SYSTEM_PYTHON, std::string(TWOFOLD_TEST_SUPPORT_DIR) + "/smtp_sink.py",
                                     std::to_string(port), folder_.string()};
  for (auto& argument : sink_arguments(options)) arguments.push_back(std::move(argument));
  std::vector<char*> argv;
  for (auto& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  if (posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
    throw std::runtime_error("cannot start " + arguments[0] + " " + arguments[1]);
  }
  bool exited = false;
  const bool ready = poll_until(deadline, [&] {
    exited = has_exited(pid_);
    return exited || accepts_connections(port_);
  });
  if (!ready || exited) {
    if (exited) pid_ = -1;  // already reaped
    stop();
    throw std::runtime_error("the SMTP sink (aiosmtpd) did not start on port " + std::to_string(port_) +
                             "; is python3-aiosmtpd installed?");
  }
}

smtp_sink::~smtp_sink() { stop(); }

std::string smtp_sink::url() const {
  return (implicit_tls_ ? "smtps://127.0.0.1:" : "smtp://127.0.0.1:") + std::to_string(port_);
}

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

std::vector<auth_attempt> smtp_sink::auth_attempts() const {
  std::vector<auth_attempt> attempts;
  std::ifstream in(folder_ / "auth.jsonl");
  for (std::string line; std::getline(in, line);) {
    const auto record = nlohmann::json::parse(line);
    attempts.push_back({record.at("mechanism").get<std::string>(), record.at("tls").get<bool>()});
  }
  return attempts;
}

}  // namespace twofold::server::testing
