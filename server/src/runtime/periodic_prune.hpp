#pragma once
// Housekeeping that deletes what has run out (old audit events, expired
// sessions): at start and then every `interval`, on a thread of its own,
// never on the request path. Logs "<what>.pruned" with the count when it
// deleted any and "<what>.prune_failed" when it failed; either way it runs
// again after the interval.
#include <cstdint>
#include <functional>
#include <string>

#include "runtime/background_worker.hpp"
#include "runtime/logger.hpp"

namespace twofold::server {

class periodic_prune {
 public:
  // `prune` deletes and returns how many rows it deleted.
  periodic_prune(std::string what, logger& log, background_worker::duration interval,
                 std::function<std::int64_t()> prune);

  void start() { worker_.start(); }  // once
  void stop() { worker_.stop(); }    // waits for a prune in progress (also on destruction)

 private:
  background_worker::duration prune_now();

  std::string what_;
  logger& log_;
  background_worker::duration interval_;
  std::function<std::int64_t()> prune_;
  background_worker worker_;  // last: its thread stops before the members it uses go
};

}  // namespace twofold::server
