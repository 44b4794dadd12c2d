#pragma once
// What an operator's command answers: done, with lines for the operator, or
// refused, with the reason, and whether the command line was at fault
// (exit status 2) or the command failed (1).
#include <string>
#include <variant>

#include "twofold/result.hpp"

namespace twofold::server {

struct operator_failure {
  std::string message;
  bool usage = false;  // a wrong value on the command line
};

template <class T>
using operator_result = result<T, operator_failure>;

[[nodiscard]] inline failure<operator_failure> failed(std::string message) {
  return failure{operator_failure{.message = std::move(message), .usage = false}};
}
[[nodiscard]] inline failure<operator_failure> usage_error(std::string message) {
  return failure{operator_failure{.message = std::move(message), .usage = true}};
}

}  // namespace twofold::server
