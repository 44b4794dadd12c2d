#include "http/server.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <exception>
#include <memory>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>

#include "config/config.hpp"
#include "http/connection_registry.hpp"
#include "http/listener.hpp"
#include "http/tls_context.hpp"
#include "http/transport_context.hpp"
#include "runtime/logger.hpp"

namespace twofold::server {

namespace net = boost::asio;

namespace {

// In-flight requests get this long to finish after SIGINT/SIGTERM.
constexpr std::chrono::seconds shutdown_grace{10};

unsigned cpu_count() { return std::max(1U, std::thread::hardware_concurrency()); }

// On SQLite a request's storage work is the worker's own CPU time, so a
// worker beyond the cores the I/O threads leave only adds context switches
// (measured in docs/PERFORMANCE.md); PostgreSQL's workers mostly wait on the
// network, one per core.
unsigned worker_count(const config& cfg) {
  if (cfg.worker_threads > 0) return cfg.worker_threads;
  if (cfg.database) return cpu_count();
  return std::max(1U, cpu_count() - std::min(cpu_count(), std::max(1U, cfg.io_threads)));
}

// SIGINT/SIGTERM: stop accepting, close idle connections, let the busy ones
// finish and be written, then let the I/O threads run out of work. A second
// signal, or the grace period running out, stops at once.
class graceful_shutdown {
 public:
  graceful_shutdown(net::io_context& io, listener& accepting, connection_registry& connections, logger& log)
      : io_(io),
        accepting_(accepting),
        connections_(connections),
        log_(log),
        strand_(net::make_strand(io)),
        signals_(strand_, SIGINT, SIGTERM),
        deadline_(strand_) {}

  void arm() {
    signals_.async_wait([this](boost::system::error_code ec, int signal) { on_signal(ec, signal); });
  }

  // True when requests were cut short: a second signal or the grace period.
  [[nodiscard]] bool forced() const { return forced_; }

 private:
  void on_signal(boost::system::error_code ec, int signal) {
    if (ec) return;
    if (stopping_) return force("server.shutdown_forced");
    stopping_ = true;
    log_.info("server.stopping", {{"signal", signal}, {"connections", connections_.size()}});
    accepting_.stop();
    arm();
    deadline_.expires_after(shutdown_grace);
    deadline_.async_wait([this](boost::system::error_code wait_ec) {
      if (!wait_ec) force("server.shutdown_timeout");
    });
    connections_.begin_shutdown([this] { net::post(strand_, [this] { on_drained(); }); });
  }

  // Nothing left to wait for: without pending waits the I/O threads return.
  void on_drained() {
    deadline_.cancel();
    signals_.cancel();
  }

  void force(const char* event) {
    forced_ = true;
    log_.warn(event, {{"connections", connections_.size()}});
    io_.stop();
  }

  net::io_context& io_;
  listener& accepting_;
  connection_registry& connections_;
  logger& log_;
  net::strand<net::io_context::executor_type> strand_;
  net::signal_set signals_;
  net::steady_timer deadline_;
  bool stopping_ = false;
  bool forced_ = false;
};

// A handler that throws must not take the server down: log and carry on.
void run_io(net::io_context& io, logger& log) {
  for (;;) {
    try {
      io.run();
      return;
    } catch (const std::exception& e) {
      log.error("server.io_error", {{"error", e.what()}});
    }
  }
}

}  // namespace

int serve(const config& cfg, const request_handler& handler, logger& log,
          const std::function<void(std::uint16_t port)>& on_listening) {
  std::unique_ptr<net::ssl::context> tls;
  if (cfg.tls_enabled()) {
    auto made = make_tls_context(*cfg.tls_cert_file, *cfg.tls_key_file);
    if (!made) {
      log.error("server.tls_failed", {{"error", made.error()}});
      return 1;
    }
    tls = std::move(made).value();
  }

  // Declared in this order so that sessions, destroyed with the io_context,
  // still find the context, registry and TLS settings they refer to.
  connection_registry connections({.total = cfg.max_connections, .per_client = cfg.max_connections_per_client});
  net::thread_pool workers(worker_count(cfg));
  hashing_pool password_hashing(cpu_count(), cfg.password_queue);
  transport_context context{cfg, handler, log, workers, password_hashing, tls.get(), connections};
  unsigned io_threads = std::max(1U, cfg.io_threads);
  net::io_context io(static_cast<int>(io_threads));

  auto opened = listener::open(io, context);
  if (!opened) {
    log.error("server.listen_failed", {{"error", opened.error()}});
    return 1;
  }
  auto& accepting = *opened.value();
  graceful_shutdown shutdown(io, accepting, connections, log);
  shutdown.arm();
  accepting.run();
  on_listening(accepting.port());

  std::vector<std::thread> extra_threads;
  for (unsigned i = 1; i < io_threads; ++i) extra_threads.emplace_back([&] { run_io(io, log); });
  run_io(io, log);
  for (auto& thread : extra_threads) thread.join();

  connections.forget_drain_callback();
  workers.join();
  password_hashing.join();
  log.info("server.stopped", {{"graceful", !shutdown.forced()}});
  return shutdown.forced() ? 1 : 0;
}

}  // namespace twofold::server
