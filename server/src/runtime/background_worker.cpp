#include "runtime/background_worker.hpp"

#include <utility>

namespace twofold::server {

background_worker::background_worker(pass_function pass, duration settle_delay)
    : pass_(std::move(pass)), settle_delay_(settle_delay) {}

background_worker::~background_worker() { stop(); }

void background_worker::start() {
  running_ = true;
  thread_ = std::thread([this] {
    run();
    running_ = false;
  });
}

void background_worker::notify() {
  {
    std::lock_guard lock(mutex_);
    notified_ = true;
  }
  wake_.notify_one();
}

void background_worker::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

bool background_worker::stopping() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

void background_worker::run() {
  while (true) {
    const duration wait = pass_();
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, wait, [this] { return notified_ || stopping_; });
    if (settle_delay_ > duration::zero()) wake_.wait_for(lock, settle_delay_, [this] { return stopping_; });
    if (stopping_) return;
    notified_ = false;
  }
}

}  // namespace twofold::server
