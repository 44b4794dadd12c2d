#pragma once
// The SQL database the storage runs on, whichever it is: SQLite on one
// machine, PostgreSQL for several servers. The storage's queries are written
// once against these types; a driver (sqlite_driver, postgresql_driver)
// supplies the connection. Parameters are written ?1, ?2, ... in the SQL
// text (a driver whose database numbers them otherwise rewrites them), and
// the few statements whose text differs by database ask sql_dialect.
// Every database error becomes a storage_failure (storage.hpp).
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/storage.hpp"

namespace twofold::server {

// The database could not be reached or was too busy to answer in time (a
// restart, a lost network, a pool or lock wait run out): nothing was done,
// and the same request a moment later may well succeed. Anything else that
// fails (a broken constraint, a missing table) is a plain storage_failure.
class storage_unavailable : public storage_failure {
 public:
  using storage_failure::storage_failure;
};

// A write transaction that lost a race with another (PostgreSQL's
// serialization failure or deadlock): nothing of it was written, and running
// it again, a bounded number of times, is the answer; once those are spent,
// the request is refused like any other moment the database cannot serve.
class storage_conflict : public storage_unavailable {
 public:
  using storage_unavailable::storage_unavailable;
};

enum class sql_dialect { sqlite, postgresql };

// Work that every server on one database does one at a time. Migrating:
// two servers starting together must not both migrate. Throttles: parallel
// attempts on one key all rewrite its record and their table's size, so
// run at once they would only conflict and start over.
enum class database_lock { migrations, throttles };

// How strictly a write transaction is kept apart from parallel ones.
// serializable: as if it ran alone, like SQLite's BEGIN IMMEDIATE
// (PostgreSQL: SERIALIZABLE; a conflict is a storage_conflict, and the
// caller runs the whole transaction again). read_committed: enough when
// every guard is one conditional UPDATE or DELETE of its own row, which
// PostgreSQL re-checks on the row a parallel transaction committed, so
// parallel attempts wait and exactly one matches instead of conflicting.
enum class sql_isolation { serializable, read_committed };

// The type a NULL parameter stands for: PostgreSQL must know it.
enum class sql_type { integer, text, blob };

// What a driver implements for one prepared statement.
class sql_statement_driver {
 public:
  virtual ~sql_statement_driver() = default;
  virtual void bind_int(int index, std::int64_t value) = 0;
  virtual void bind_text(int index, std::string_view text) = 0;
  virtual void bind_blob(int index, std::span<const std::uint8_t> bytes) = 0;
  virtual void bind_null(int index, sql_type type) = 0;
  // Runs the statement on the first call; then advances one row. True while a row is available.
  virtual bool step() = 0;
  [[nodiscard]] virtual bool column_is_null(int index) const = 0;
  [[nodiscard]] virtual std::int64_t column_int(int index) const = 0;  // a boolean column reads 0 or 1
  [[nodiscard]] virtual std::string column_text(int index) const = 0;
  [[nodiscard]] virtual std::vector<std::uint8_t> column_blob(int index) const = 0;
};

// One statement: bind, then step through its rows (or run it). Parameters
// are numbered from 1 as in the SQL text; columns from 0. Values are copied,
// so temporaries may be bound.
class sql_statement {
 public:
  explicit sql_statement(std::unique_ptr<sql_statement_driver> driver) : driver_(std::move(driver)) {}

  sql_statement& bind(int index, std::int64_t value);
  sql_statement& bind(int index, std::string_view text);
  sql_statement& bind_optional(int index, const std::optional<std::string>& text);    // NULL when empty
  sql_statement& bind_optional(int index, const std::optional<std::int64_t>& value);  // NULL when empty
  sql_statement& bind_blob(int index, std::span<const std::uint8_t> bytes);
  template <class Bytes>
  sql_statement& bind_optional_blob(int index, const std::optional<Bytes>& bytes) {  // NULL when empty
    return bytes ? bind_blob(index, *bytes) : bind_null(index, sql_type::blob);
  }
  sql_statement& bind_null(int index, sql_type type);

  bool step();  // true while a row is available, false when done
  void run();   // a statement whose rows, if any, are not read

  [[nodiscard]] bool column_is_null(int index) const;
  [[nodiscard]] std::int64_t column_int(int index) const;
  [[nodiscard]] std::string column_text(int index) const;
  [[nodiscard]] std::optional<std::string> column_optional_text(int index) const;
  [[nodiscard]] std::optional<std::int64_t> column_optional_int(int index) const;
  [[nodiscard]] std::vector<std::uint8_t> column_blob(int index) const;

 private:
  std::unique_ptr<sql_statement_driver> driver_;
};

// One connection, used by one thread at a time (a pool hands it out).
class sql_connection {
 public:
  virtual ~sql_connection() = default;
  [[nodiscard]] virtual sql_dialect dialect() const = 0;
  // Runs one or more statements that take no parameters and return no rows.
  virtual void execute(std::string_view sql) = 0;
  [[nodiscard]] virtual sql_statement prepare(std::string_view sql) = 0;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  [[nodiscard]] virtual std::int64_t changed_rows() const = 0;
  // A write transaction (SQLite: BEGIN IMMEDIATE, whatever the isolation).
  virtual void begin(sql_isolation isolation) = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
};

// Hands out connections, each to one thread at a time. SQLite's pool has
// one writer (SQLite writes one transaction at a time anyway) and a few
// readers; PostgreSQL's has a configured number and replaces a broken one.
class sql_pool {
 public:
  // A connection until the lease ends.
  class lease {
   public:
    lease(sql_pool& pool, sql_connection& connection) : pool_(&pool), connection_(&connection) {}
    ~lease() {
      if (pool_ != nullptr) pool_->release(*connection_);
    }
    lease(lease&& other) noexcept : pool_(std::exchange(other.pool_, nullptr)), connection_(other.connection_) {}
    lease(const lease&) = delete;
    lease& operator=(const lease&) = delete;
    lease& operator=(lease&&) = delete;

    sql_connection& operator*() const { return *connection_; }
    sql_connection* operator->() const { return connection_; }

   private:
    sql_pool* pool_;
    sql_connection* connection_;
  };

  virtual ~sql_pool() = default;
  [[nodiscard]] virtual sql_dialect dialect() const = 0;
  // Waits for a free connection; storage_failure when none is free within the pool's timeout.
  [[nodiscard]] virtual lease acquire() = 0;
  // A connection for reads alone: neither a transaction nor a write runs on
  // it. SQLite's pool keeps a few beside its one writer, so under WAL a read
  // waits for no write; a pool without them hands out acquire()'s.
  [[nodiscard]] virtual lease acquire_read() { return acquire(); }
  // storage::readiness_problem: empty when the database can serve requests
  // now, otherwise the problem. This one leases a connection, reads the
  // migrations table and opens (and rolls back) a write transaction; SQLite's
  // pool probes on a connection of its own instead, so a wait for another
  // process's write lock holds up no request.
  [[nodiscard]] virtual std::optional<std::string> readiness_problem();

 protected:
  virtual void release(sql_connection& connection) noexcept = 0;
};

// begin() on construction; rollback() unless commit() was called.
class sql_transaction {
 public:
  explicit sql_transaction(sql_connection& connection, sql_isolation isolation = sql_isolation::serializable)
      : connection_(connection) {
    connection_.begin(isolation);
  }
  ~sql_transaction() {
    if (!committed_) connection_.rollback();
  }
  sql_transaction(const sql_transaction&) = delete;
  sql_transaction& operator=(const sql_transaction&) = delete;

  void commit() {
    connection_.commit();
    committed_ = true;
  }

 private:
  sql_connection& connection_;
  bool committed_ = false;
};

}  // namespace twofold::server
