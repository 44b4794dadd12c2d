#pragma once
// Resolves forgot-password requests off the request path (password_reset.hpp):
// one thread that claims the queued requests from storage and resolves each
// in a transaction of its own (a token and its mail, or only the audit event),
// so a request is answered in the same time whether or not its account exists.
//
// It wakes settle_delay after notify() says a request was queued, and
// otherwise every max_idle_wait (a request queued by another server, or one
// whose worker died and whose lease has ended). Not at once: the work a known
// account causes (a token, a mail to render and deliver) would then run while
// the request's own answer is being sent, and slow that answer measurably
// (docs/PERFORMANCE.md); a moment later it slows whichever requests come,
// known or not. Several workers, in one process or many,
// may share a database: a claim leases each request to one of them.
#include <chrono>
#include <cstddef>

#include "runtime/background_worker.hpp"
#include "runtime/clock.hpp"
#include "runtime/logger.hpp"

namespace twofold::server {

class storage;
class password_reset_service;

class password_reset_worker {
 public:
  static constexpr std::size_t batch_size = 8;
  // Resolving takes milliseconds; a worker that died leaves its requests this long.
  static constexpr std::chrono::seconds claim_lease{60};
  // A request not resolved by then is dropped: its link would hardly be waited for.
  static constexpr std::chrono::seconds stale_after{60 * 60};
  static constexpr std::chrono::seconds max_idle_wait{60};
  static constexpr std::chrono::seconds settle_delay{1};

  password_reset_worker(storage& store, password_reset_service& resets, const clock& clk, logger& log);
  password_reset_worker(const password_reset_worker&) = delete;
  password_reset_worker& operator=(const password_reset_worker&) = delete;

  void start() { worker_.start(); }    // once
  void notify() { worker_.notify(); }  // a request was queued: resolve it after the settle delay
  // After the request in progress (also on destruction); the rest wait for the next start.
  void stop() { worker_.stop(); }
  [[nodiscard]] bool running() const { return worker_.running(); }

  // Every request due now, batch by batch, in the calling thread; how many
  // it resolved. The thread runs this; tests call it directly.
  std::size_t resolve_due();

 private:
  background_worker::duration run_pass();

  storage& store_;
  password_reset_service& resets_;
  const clock& clock_;
  logger& log_;
  background_worker worker_;  // last: its thread stops before the members it uses go
};

}  // namespace twofold::server
