#include "storage/sqlite_driver.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "runtime/server_metrics.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

namespace {

// How long /readyz waits for another writer's lock: every sign-in writes,
// so a database that cannot be written within this is not ready.
constexpr std::chrono::milliseconds readiness_wait{500};

// Every SQLite error passes here or through execute(): the one place it is counted.
void count_error(int result_code) {
  database_error_kind kind = database_error_kind::other;
  switch (result_code & 0xff) {  // the primary code of an extended one
    case SQLITE_BUSY: kind = database_error_kind::busy; break;
    case SQLITE_LOCKED: kind = database_error_kind::locked; break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY: kind = database_error_kind::io; break;
    case SQLITE_FULL: kind = database_error_kind::full; break;
    case SQLITE_CONSTRAINT: kind = database_error_kind::constraint; break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: kind = database_error_kind::corrupt; break;
    default: break;
  }
  server_metrics::process().database_error(kind);
}

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
  const int code = db ? sqlite3_extended_errcode(db) : SQLITE_NOMEM;
  count_error(code);
  std::string message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
  // Another process held the write lock past the busy timeout: a moment later it may not.
  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) throw storage_unavailable(message);
  throw storage_failure(message);
}

int length_of(std::size_t size) {
  if (size > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw storage_failure("value too large for SQLite");
  }
  return static_cast<int>(size);
}

// SQLITE_TRANSIENT: SQLite copies the bound value before bind returns.
sqlite3_destructor_type copy_value() {
  return reinterpret_cast<sqlite3_destructor_type>(static_cast<std::intptr_t>(-1));
}

sqlite3_stmt* compiled(sqlite3* db, std::string_view sql, unsigned flags) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v3(db, sql.data(), length_of(sql.size()), flags, &statement, nullptr) != SQLITE_OK) {
    fail(db, "prepare");
  }
  return statement;
}

// One prepared statement: a cached one (sqlite_connection::cached_statement)
// is reset and unbound when its sql_statement ends, any other finalized.
class sqlite_statement final : public sql_statement_driver {
 public:
  sqlite_statement(sqlite3* db, sqlite3_stmt* statement, sqlite_connection::cached_statement* cached)
      : db_(db), statement_(statement), cached_(cached) {}
  ~sqlite_statement() override {
    if (cached_ == nullptr) {
      sqlite3_finalize(statement_);
      return;
    }
    sqlite3_reset(statement_);  // its result is the last step's, reported then
    sqlite3_clear_bindings(statement_);
    cached_->in_use = false;
  }
  sqlite_statement(const sqlite_statement&) = delete;
  sqlite_statement& operator=(const sqlite_statement&) = delete;

  void bind_int(int index, std::int64_t value) override {
    if (sqlite3_bind_int64(statement_, index, value) != SQLITE_OK) fail(db_, "bind");
  }

  void bind_text(int index, std::string_view text) override {
    if (sqlite3_bind_text(statement_, index, text.data(), length_of(text.size()), copy_value()) != SQLITE_OK) {
      fail(db_, "bind");
    }
  }

  void bind_blob(int index, std::span<const std::uint8_t> bytes) override {
    if (sqlite3_bind_blob(statement_, index, bytes.data(), length_of(bytes.size()), copy_value()) != SQLITE_OK) {
      fail(db_, "bind");
    }
  }

  // SQLite's NULL has no type.
  void bind_null(int index, sql_type /*type*/) override {
    if (sqlite3_bind_null(statement_, index) != SQLITE_OK) fail(db_, "bind");
  }

  bool step() override {
    switch (sqlite3_step(statement_)) {
      case SQLITE_ROW: return true;
      case SQLITE_DONE: return false;
      default: fail(db_, "step");
    }
  }

  [[nodiscard]] bool column_is_null(int index) const override {
    return sqlite3_column_type(statement_, index) == SQLITE_NULL;
  }

  [[nodiscard]] std::int64_t column_int(int index) const override { return sqlite3_column_int64(statement_, index); }

  [[nodiscard]] std::string column_text(int index) const override {
    const auto* text = sqlite3_column_text(statement_, index);
    const int size = sqlite3_column_bytes(statement_, index);
    if (text == nullptr) return {};
    return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
  }

  [[nodiscard]] std::vector<std::uint8_t> column_blob(int index) const override {
    const auto* bytes = static_cast<const std::uint8_t*>(sqlite3_column_blob(statement_, index));
    const int size = sqlite3_column_bytes(statement_, index);
    if (bytes == nullptr) return {};
    return std::vector<std::uint8_t>(bytes, bytes + size);
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_;
  sqlite_connection::cached_statement* cached_;
};

// Turns the file to WAL journaling (kept in the file, so only a new one
// changes). While another process opens or changes the same new file, SQLite
// may refuse the switch at once, without the busy handler's wait: servers
// starting together on a fresh data folder try again within `patience`.
void use_write_ahead_log(sqlite3* db, std::chrono::milliseconds patience) {
  const auto give_up = std::chrono::steady_clock::now() + patience;
  for (;;) {
    const int result = sqlite3_exec(db, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr);
    if (result == SQLITE_OK) return;
    if ((result & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() >= give_up) fail(db, "journal_mode");
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

sqlite_connection::sqlite_connection(const std::filesystem::path& file, sqlite_open_options options) {
  const int flags = SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  if (const int opened = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr); opened != SQLITE_OK) {
    count_error(opened);
    // The handle is allocated even on failure and carries the message.
    std::string message = std::string("open ") + file.string() + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory");
    sqlite3_close(db_);
    throw storage_failure(message);
  }
  sqlite3_busy_timeout(db_, static_cast<int>(options.busy_timeout.count()));
  sqlite3_extended_result_codes(db_, 1);
  try {
    execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
    use_write_ahead_log(db_, options.busy_timeout);
    if (options.query_only) execute("PRAGMA query_only = ON");
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

sqlite_connection::~sqlite_connection() {
  for (auto& [sql, cached] : statements_) sqlite3_finalize(cached.statement);
  sqlite3_close(db_);
}

void sqlite_connection::execute(std::string_view sql) {
  const std::string text(sql);  // sqlite3_exec needs a terminated string
  char* message = nullptr;
  if (const int result = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message); result != SQLITE_OK) {
    count_error(result);
    std::string error = message ? message : "unknown error";
    sqlite3_free(message);
    throw storage_failure("execute: " + error);
  }
}

sql_statement sqlite_connection::prepare(std::string_view sql) {
  auto found = statements_.find(std::string(sql));
  if (found == statements_.end()) {
    found = statements_.emplace(std::string(sql), cached_statement{compiled(db_, sql, SQLITE_PREPARE_PERSISTENT)}).first;
  } else if (found->second.in_use) {
    return sql_statement(std::make_unique<sqlite_statement>(db_, compiled(db_, sql, 0), nullptr));
  }
  found->second.in_use = true;
  return sql_statement(std::make_unique<sqlite_statement>(db_, found->second.statement, &found->second));
}

std::int64_t sqlite_connection::changed_rows() const { return sqlite3_changes64(db_); }

// One writer at a time: every isolation is serializable.
void sqlite_connection::begin(sql_isolation /*isolation*/) { execute("BEGIN IMMEDIATE"); }

void sqlite_connection::commit() { execute("COMMIT"); }

void sqlite_connection::rollback() noexcept {
  try {
    execute("ROLLBACK");
  } catch (const storage_failure&) {
    // SQLite may already have rolled back on its own (e.g. after SQLITE_FULL);
    // nothing is left to undo then.
  }
}

sqlite_pool::sqlite_pool(std::filesystem::path file, std::size_t readers) : file_(std::move(file)), writer_(file_) {
  for (std::size_t i = 0; i < readers; ++i) {
    free_readers_.push_back(
        readers_.emplace_back(std::make_unique<sqlite_connection>(file_, sqlite_open_options{.query_only = true})).get());
  }
}

sql_pool::lease sqlite_pool::acquire() {
  writer_mutex_.lock();
  return lease(*this, writer_);
}

sql_pool::lease sqlite_pool::acquire_read() {
  if (readers_.empty()) return acquire();
  std::unique_lock lock(readers_mutex_);
  reader_freed_.wait(lock, [this] { return !free_readers_.empty(); });
  sql_connection* reader = free_readers_.back();
  free_readers_.pop_back();
  return lease(*this, *reader);
}

void sqlite_pool::release(sql_connection& connection) noexcept {
  if (&connection == &writer_) {
    writer_mutex_.unlock();
    return;
  }
  {
    const std::lock_guard lock(readers_mutex_);
    free_readers_.push_back(&connection);
  }
  reader_freed_.notify_one();
}

std::optional<std::string> sqlite_pool::readiness_problem() {
  try {
    sqlite_connection probe(file_, {.create = false, .busy_timeout = readiness_wait});
    probe.prepare("SELECT count(*) FROM schema_migrations").run();
    const sql_transaction writable(probe);  // the write lock, rolled back at once
    return std::nullopt;
  } catch (const storage_failure& failure) {
    return failure.what();
  }
}

}  // namespace twofold::server
