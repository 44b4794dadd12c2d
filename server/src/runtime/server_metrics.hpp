#pragma once
// Every metric Twofold counts, declared here once with its labels' possible
// values, so the set of series is fixed and no label ever carries a name, an
// address or anything else a client typed. The layers that know an outcome
// report it through one call each:
//
//   http         request_answered (route class, status, seconds), connections,
//                the password-hashing pool's queue (http/hashing_pool.hpp)
//   flows        sign_in_step, second_factor_code, account_locked
//   app          throttled (every 429 answer)
//   mail         outbox_delivery (sent or failed, per channel)
//   storage      database_error (every SQLite or PostgreSQL error)
//
// The counters belong to the process, like its open files: one instance,
// reached through server_metrics::process(). Passing it through every
// constructor would isolate nothing a test needs (tests read differences).
// Scrape-time gauges (the outboxes' depth and age) are read by the /metrics
// answer (app/watch_api.hpp), which owns the storage they come from.
#include <array>
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "runtime/metrics.hpp"
#include "runtime/route_class.hpp"

namespace twofold::server {

// The password step (or the password of a bind) as it ended.
enum class sign_in_result { signed_in, second_factor, new_password, setup_required, denied, throttled, locked };
// A second-factor code typed at sign-in.
enum class code_result {
  right,    // signed in, or on to the next step
  wrong,    // counted against the lockout
  locked,   // the wrong code that locked, or any code while locked
  expired,  // the flow had ended (time, cancel, or the account changed)
  refused,  // not evaluated ("Don't ask again" not allowed)
};
// What a 429 answer held back.
enum class throttle_kind { sign_in, step_up, forgot_password, resend };
// SQLite's primary result codes and PostgreSQL's SQLSTATE classes, grouped.
enum class database_error_kind { busy, locked, io, full, constraint, corrupt, other };

class server_metrics {
 public:
  // The process's instruments, registered on first use.
  [[nodiscard]] static server_metrics& process();

  server_metrics();
  server_metrics(const server_metrics&) = delete;
  server_metrics& operator=(const server_metrics&) = delete;

  // Request read to answer written.
  void request_answered(route_class route, unsigned status, std::chrono::steady_clock::duration elapsed);
  void connection_opened() { open_connections_.add(1); }
  void connection_closed() { open_connections_.add(-1); }

  void sign_in_step(sign_in_result result);
  void second_factor_code(code_result result);
  void account_locked() { locks_.add(); }
  void throttled(throttle_kind kind);

  // A request that may hash a password, in the hashing pool's queue
  // (http/hashing_pool.hpp): queued when it starts to wait, then started
  // with how long it waited; refused when the queue was full.
  void hash_queued() { hash_queue_.add(1); }
  void hash_started(std::chrono::steady_clock::duration waited);
  void hash_refused() { hash_refusals_.add(); }

  // `channel`: "mail" or "sms".
  void outbox_delivery(std::string_view channel, bool sent);

  void database_error(database_error_kind kind);

  [[nodiscard]] std::string render() const { return registry_.render(); }

 private:
  static constexpr std::size_t status_classes = 4;  // 2xx .. 5xx (nothing answers 1xx)

  metric_registry registry_;
  std::array<std::array<metric_counter*, status_classes>, all_route_classes.size()> requests_{};
  std::array<metric_histogram*, all_route_classes.size()> request_seconds_{};
  metric_gauge& open_connections_;
  std::array<metric_counter*, 7> sign_ins_{};
  std::array<metric_counter*, 5> codes_{};
  metric_counter& locks_;
  std::array<metric_counter*, 4> throttled_{};
  metric_gauge& hash_queue_;
  metric_histogram& hash_wait_;
  metric_counter& hash_refusals_;
  std::array<std::array<metric_counter*, 2>, 2> deliveries_{};  // [mail, sms][failed, sent]
  std::array<metric_counter*, 7> database_errors_{};
};

}  // namespace twofold::server
