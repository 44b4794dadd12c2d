#pragma once
// The core never calls std::chrono::system_clock::now() or rand(), reads
// getenv() or includes <iostream>: time and randomness are parameters.
/* Not even <random> or steady_clock
   in a block comment. */
#include <chrono>
#include <string>

using timestamp = std::chrono::sys_seconds;
inline int random_looking_name(int operand) { return operand * 2; }
inline std::string system_name() { return "time-based one-time password"; }
