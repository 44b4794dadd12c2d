#pragma once
// A fixed number of PostgreSQL connections shared by the server's threads
// (sql_pool, sql_database.hpp). Connections open when first needed; one found
// broken when handed out (the server restarted, the session was terminated,
// a failure left it inside a transaction) is replaced by a new one. So an
// outage makes acquire() or the statement throw storage_failure (the server
// answers 503), and once PostgreSQL is back the next acquire connects again:
// nothing else has to happen for the server to recover.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "storage/postgresql_connection.hpp"
#include "storage/sql_database.hpp"

namespace twofold::server {

struct postgresql_pool_options {
  postgresql_options connection;
  std::size_t size = 8;                             // connections at most, >= 1
  std::chrono::milliseconds acquire_timeout{5000};  // how long acquire() waits for a free one
};

class postgresql_pool final : public sql_pool {
 public:
  // Opens no connection yet: a server starting before its database waits
  // for the first statement to find out.
  explicit postgresql_pool(postgresql_pool_options options);

  [[nodiscard]] sql_dialect dialect() const override { return sql_dialect::postgresql; }
  // A free, healthy connection; storage_failure when none is free within
  // the acquire timeout or a new one cannot connect.
  [[nodiscard]] lease acquire() override;

 protected:
  void release(sql_connection& connection) noexcept override;

 private:
  // `connection` changes only while its slot is in use, outside the lock,
  // by the thread that took it; what others read of a slot, under the lock,
  // is `in_use` and `lent`.
  struct slot {
    std::unique_ptr<postgresql_connection> connection;  // null until connected, or after it broke
    bool in_use = false;
    const sql_connection* lent = nullptr;  // the connection a lease holds, set under the lock
  };

  postgresql_pool_options options_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<slot> slots_;
};

}  // namespace twofold::server
