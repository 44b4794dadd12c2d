#include "flows/password_reset_worker.hpp"

#include "flows/password_reset.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

password_reset_worker::password_reset_worker(storage& store, password_reset_service& resets, const clock& clk,
                                             logger& log)
    : store_(store), resets_(resets), clock_(clk), log_(log) {}

password_reset_worker::~password_reset_worker() { stop(); }

void password_reset_worker::start() {
  running_ = true;
  thread_ = std::thread([this] {
    run();
    running_ = false;
  });
}

void password_reset_worker::notify() {
  {
    std::lock_guard lock(mutex_);
    notified_ = true;
  }
  wake_.notify_one();
}

void password_reset_worker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

bool password_reset_worker::stopping() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

std::size_t password_reset_worker::resolve_due() {
  std::size_t resolved = 0;
  while (!stopping()) {
    const timestamp now = clock_.now();
    const auto batch = store_.claim_reset_requests(now, batch_size, now + claim_lease, now - stale_after);
    if (batch.empty()) break;
    for (const password_reset_request_record& request : batch) {
      if (stopping()) break;  // the rest come back when their lease ends
      if (resets_.resolve(request)) ++resolved;
    }
  }
  return resolved;
}

void password_reset_worker::run() {
  while (true) {
    try {
      resolve_due();
    } catch (const std::exception& error) {
      // The database failed (disk full, locked too long): the claimed
      // requests come back when their lease ends; try again later.
      log_.error("auth.password_reset_requests_failed", {{"error", error.what()}});
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, max_idle_wait, [this] { return notified_ || stopping_; });
    wake_.wait_for(lock, settle_delay, [this] { return stopping_; });
    if (stopping_) return;
    notified_ = false;
  }
}

}  // namespace twofold::server
