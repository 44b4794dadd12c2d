#include "runtime/open_file_limit.hpp"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>
#include <limits>

namespace twofold::server {

namespace {

std::uint64_t reported(rlim_t value) {
  return value == RLIM_INFINITY ? std::numeric_limits<std::uint64_t>::max() : static_cast<std::uint64_t>(value);
}

}  // namespace

result<open_file_limit, std::string> raise_open_file_limit() {
  rlimit limits{};
  if (getrlimit(RLIMIT_NOFILE, &limits) != 0) return failure{std::string("getrlimit: ") + std::strerror(errno)};
  open_file_limit seen{.soft_before = reported(limits.rlim_cur), .soft = 0, .hard = reported(limits.rlim_max)};
  if (limits.rlim_cur != limits.rlim_max) {
    rlimit raised = limits;
    raised.rlim_cur = limits.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) != 0) return failure{std::string("setrlimit: ") + std::strerror(errno)};
  }
  seen.soft = seen.hard;
  return seen;
}

}  // namespace twofold::server
