#pragma once
// load_config as the command line would call it, for the config tests.
#include <string>
#include <vector>

#include "config/config.hpp"

namespace twofold::server::testing {

// `arguments` without the program name.
result<config_load, std::string> load(std::vector<std::string> arguments,
                                      const std::vector<std::string>& environment = {});
// The configuration; a test failure when loading fails.
config loaded(std::vector<std::string> arguments, const std::vector<std::string>& environment = {});
// The error message; a test failure when loading succeeds.
std::string error_of(std::vector<std::string> arguments, const std::vector<std::string>& environment = {});

}  // namespace twofold::server::testing
