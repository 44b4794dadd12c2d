#pragma once
// Waits for something another thread or process does (a server accepting
// connections, a background sender marking mail sent) by checking it every
// few milliseconds until it holds or the deadline passes. The result says
// which, so a test fails instead of hanging or racing.
#include <chrono>
#include <thread>

namespace twofold::server::testing {

template <class Condition>
[[nodiscard]] bool poll_until(std::chrono::steady_clock::duration deadline, Condition condition) {
  const auto give_up = std::chrono::steady_clock::now() + deadline;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  return true;
}

}  // namespace twofold::server::testing
