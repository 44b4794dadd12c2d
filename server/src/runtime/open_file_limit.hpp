#pragma once
// Every connection holds a file descriptor, and the usual soft limit (1024)
// is far below what the server may hold (--max-connections); the hard limit
// is what an unprivileged process may raise it to (setrlimit(2),
// RLIMIT_NOFILE; systemd's LimitNOFILE sets both).
#include <cstdint>
#include <string>

#include "twofold/result.hpp"

namespace twofold::server {

struct open_file_limit {
  std::uint64_t soft_before = 0;  // as the process started
  std::uint64_t soft = 0;         // now
  std::uint64_t hard = 0;         // RLIM_INFINITY reported as UINT64_MAX
};

// Raises the soft limit of open files to the hard limit. An error when the
// limits cannot be read or raised (the limits stay as they were).
[[nodiscard]] result<open_file_limit, std::string> raise_open_file_limit();

}  // namespace twofold::server
