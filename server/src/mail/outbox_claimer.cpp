#include "mail/outbox_claimer.hpp"

#include <limits.h>
#include <unistd.h>

#include <array>

namespace twofold::server {

namespace {

std::string host_name() {
  std::array<char, HOST_NAME_MAX + 1> name{};
  if (gethostname(name.data(), name.size() - 1) != 0) return "localhost";
  return name.data();
}

}  // namespace

std::string server_claimer(std::string_view listen_address, std::uint16_t port) {
  return host_name() + " " + std::string(listen_address) + ":" + std::to_string(port);
}

std::string command_claimer() { return host_name() + " command " + std::to_string(getpid()); }

}  // namespace twofold::server
