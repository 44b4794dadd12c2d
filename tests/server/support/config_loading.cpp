#include "support/config_loading.hpp"

#include <gtest/gtest.h>

namespace twofold::server::testing {

result<config_load, std::string> load(std::vector<std::string> arguments,
                                      const std::vector<std::string>& environment) {
  arguments.insert(arguments.begin(), "twofold-server");
  std::vector<const char*> argv;
  for (const auto& argument : arguments) argv.push_back(argument.c_str());
  return load_config(static_cast<int>(argv.size()), argv.data(), environment);
}

config loaded(std::vector<std::string> arguments, const std::vector<std::string>& environment) {
  auto result = load(std::move(arguments), environment);
  EXPECT_TRUE(result.has_value()) << (result ? "" : result.error());
  return result ? result->cfg : config{};
}

std::string error_of(std::vector<std::string> arguments, const std::vector<std::string>& environment) {
  auto result = load(std::move(arguments), environment);
  EXPECT_FALSE(result.has_value());
  return result ? "" : result.error();
}

}  // namespace twofold::server::testing
