#pragma once
// How long audit events are kept (--audit-retention-days, 400 by default):
// older ones are deleted once a day by a thread of their own, never on the
// request path. Without it every refused request an attacker provokes would
// be kept forever.
#include <chrono>
#include <cstdint>

#include "runtime/background_worker.hpp"
#include "runtime/clock.hpp"
#include "runtime/logger.hpp"

namespace twofold::server {

class storage;

// Deletes the audit events written more than `retention` before `now`;
// returns how many.
std::int64_t prune_audit_events(storage& store, timestamp now, std::chrono::days retention);

// prune_audit_events at start and then every `interval`, on its own thread;
// the time it prunes to comes from the injected clock.
class audit_pruner {
 public:
  static constexpr std::chrono::hours daily{24};

  audit_pruner(storage& store, const clock& clk, logger& log, std::chrono::days retention,
               background_worker::duration interval = daily);

  void start() { worker_.start(); }  // once
  void stop() { worker_.stop(); }    // waits for a prune in progress (also on destruction)

 private:
  background_worker::duration prune_now();

  storage& store_;
  const clock& clock_;
  logger& log_;
  std::chrono::days retention_;
  background_worker::duration interval_;
  background_worker worker_;  // last: its thread stops before the members it uses go
};

}  // namespace twofold::server
