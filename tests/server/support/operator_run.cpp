#include "support/operator_run.hpp"

#include <sstream>

#include "config/operator_command_line.hpp"
#include "operator/operator_commands.hpp"

namespace twofold::server::testing {

command_run run_command(const std::vector<std::string>& arguments, const clock& clk) {
  std::vector<const char*> argv{"twofold-server"};
  for (const auto& argument : arguments) argv.push_back(argument.c_str());
  const auto loaded = load_operator_command(static_cast<int>(argv.size()), argv.data(), {});
  if (!loaded) return {.status = 2, .out = "", .err = loaded.error()};
  if (!loaded->command) return {.status = 0, .out = loaded->help_text, .err = ""};
  std::ostringstream out;
  std::ostringstream err;
  const int status = run_operator_command(*loaded->command, loaded->cfg, clk, out, err);
  return {.status = status, .out = out.str(), .err = err.str()};
}

}  // namespace twofold::server::testing
