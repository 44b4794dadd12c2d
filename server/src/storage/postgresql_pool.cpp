#include "storage/postgresql_pool.hpp"

#include <algorithm>
#include <string>

namespace twofold::server {

postgresql_pool::postgresql_pool(postgresql_pool_options options)
    : options_(std::move(options)), slots_(std::max<std::size_t>(options_.size, 1)) {}

sql_pool::lease postgresql_pool::acquire() {
  slot* taken = nullptr;
  {
    std::unique_lock lock(mutex_);
    const auto free = [this] { return std::ranges::find(slots_, false, &slot::in_use); };
    if (!freed_.wait_for(lock, options_.acquire_timeout, [&] { return free() != slots_.end(); })) {
      throw storage_unavailable("no PostgreSQL connection free within " +
                            std::to_string(options_.acquire_timeout.count()) + " ms (pool of " +
                            std::to_string(slots_.size()) + ")");
    }
    taken = &*free();
    taken->in_use = true;
  }
  // Checked and connected outside the lock: the others need not wait for a connect.
  try {
    if (taken->connection && !taken->connection->healthy()) taken->connection.reset();
    if (!taken->connection) taken->connection = std::make_unique<postgresql_connection>(options_.connection);
  } catch (...) {
    std::lock_guard lock(mutex_);
    taken->in_use = false;
    freed_.notify_one();
    throw;
  }
  {
    std::lock_guard lock(mutex_);
    taken->lent = taken->connection.get();
  }
  return lease(*this, *taken->connection);
}

void postgresql_pool::release(sql_connection& connection) noexcept {
  {
    std::lock_guard lock(mutex_);
    const auto held = std::ranges::find(slots_, &connection, &slot::lent);
    if (held != slots_.end()) {
      held->in_use = false;
      held->lent = nullptr;
    }
  }
  freed_.notify_one();
}

}  // namespace twofold::server
