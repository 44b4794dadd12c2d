#pragma once
// An operator command run as main runs it, in this process: its exit status
// and what it printed.
#include <string>
#include <vector>

#include "runtime/clock.hpp"

namespace twofold::server::testing {

struct command_run {
  int status = 0;
  std::string out;
  std::string err;
};

// `twofold-server <arguments>`: a usage error is status 2 with its message in
// err, --help status 0 with the text in out.
[[nodiscard]] command_run run_command(const std::vector<std::string>& arguments, const clock& clk);

}  // namespace twofold::server::testing
