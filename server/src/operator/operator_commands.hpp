#pragma once
// Runs one operator command (config/operator_command_line.hpp) against the
// configured data directory and tells the operator what happened: results
// on `out`, problems on `err`. Returns the exit status: 0 done, 1 failed,
// 2 a wrong value on the command line.
#include <iosfwd>

#include "config/config.hpp"
#include "config/operator_command_line.hpp"

namespace twofold::server {

class clock;

[[nodiscard]] int run_operator_command(const operator_command& command, const config& cfg, const clock& clk,
                                       std::ostream& out, std::ostream& err);

}  // namespace twofold::server
