#pragma once
// The SQLite driver of sql_database.hpp: a connection over the SQLite C API,
// and the pool of one writer and a few readers. Every SQLite error becomes a
// storage_failure carrying SQLite's message, and is counted for /metrics.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/sql_database.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace twofold::server {

struct sqlite_open_options {
  bool create = true;                                 // false: a missing file is an error
  std::chrono::milliseconds busy_timeout{5000};       // how long a statement waits for another's lock
  bool query_only = false;                            // true: every write fails (a pool's reader)
};

class sqlite_connection final : public sql_connection {
 public:
  // Opens (creating if needed) the database file with foreign keys on, WAL
  // journaling and a busy timeout, so a second process waits instead of failing.
  explicit sqlite_connection(const std::filesystem::path& file, sqlite_open_options options = {});
  ~sqlite_connection() override;
  sqlite_connection(const sqlite_connection&) = delete;
  sqlite_connection& operator=(const sqlite_connection&) = delete;

  [[nodiscard]] sql_dialect dialect() const override { return sql_dialect::sqlite; }
  void execute(std::string_view sql) override;
  [[nodiscard]] sql_statement prepare(std::string_view sql) override;
  [[nodiscard]] std::int64_t changed_rows() const override;
  // BEGIN IMMEDIATE: takes the write lock up front, so two writers never
  // deadlock on an upgrade (a second process waits out the busy timeout).
  void begin(sql_isolation isolation) override;
  void commit() override;
  void rollback() noexcept override;

  // A statement compiled once per connection and kept: compiling costs more
  // than running most of these queries. Reset and unbound when its
  // sql_statement ends.
  struct cached_statement {
    sqlite3_stmt* statement = nullptr;
    bool in_use = false;
  };

 private:
  sqlite3* db_ = nullptr;
  // By SQL text; the storage's texts are a fixed set, so this stays small.
  // A text already in use (a query run inside the loop over its own rows)
  // is compiled afresh and finalized after use.
  std::unordered_map<std::string, cached_statement> statements_;
};

// One writer serves every thread's writes, guarded by a mutex: SQLite
// writes one transaction at a time anyway, and the queries take microseconds
// next to a password hash. Reads go to readers of their own: under WAL each
// reads the last commit as its statement starts, without waiting for the
// writer, so a session lookup never queues behind a code check's transaction.
// A lease holds its connection until it ends.
class sqlite_pool final : public sql_pool {
 public:
  // Enough for the worker threads and the background ones to read at once.
  static constexpr std::size_t default_readers = 4;

  // Opens `file` (sqlite_connection's options) for the writer and `readers`
  // query-only connections (0: reads share the writer); throws
  // storage_failure when it cannot.
  explicit sqlite_pool(std::filesystem::path file, std::size_t readers = default_readers);

  [[nodiscard]] sql_dialect dialect() const override { return sql_dialect::sqlite; }
  [[nodiscard]] lease acquire() override;       // the writer; waits as long as it is leased
  [[nodiscard]] lease acquire_read() override;  // a reader; waits while every one is leased
  // On a connection of its own, waiting at most half a second for another
  // writer's lock, so a wait for the write lock holds up no request.
  [[nodiscard]] std::optional<std::string> readiness_problem() override;

 protected:
  void release(sql_connection& connection) noexcept override;

 private:
  std::filesystem::path file_;
  std::mutex writer_mutex_;
  sqlite_connection writer_;
  std::vector<std::unique_ptr<sqlite_connection>> readers_;
  std::mutex readers_mutex_;
  std::condition_variable reader_freed_;
  std::vector<sql_connection*> free_readers_;
};

}  // namespace twofold::server
