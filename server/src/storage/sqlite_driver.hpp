#pragma once
// A thin RAII layer over the SQLite C API for sqlite_storage: a connection,
// prepared statements and transactions. Every SQLite error becomes a
// storage_failure carrying SQLite's message. Not thread-safe by itself:
// sqlite_storage serialises access.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace twofold::server {

class sqlite_statement {
 public:
  sqlite_statement(sqlite3* db, std::string_view sql);
  ~sqlite_statement();
  sqlite_statement(const sqlite_statement&) = delete;
  sqlite_statement& operator=(const sqlite_statement&) = delete;

  // Parameters are numbered from 1, as in the SQL text (?1, ?2, ...).
  // Values are copied, so temporaries may be bound.
  sqlite_statement& bind(int index, std::int64_t value);
  sqlite_statement& bind(int index, std::string_view text);
  sqlite_statement& bind_optional(int index, const std::optional<std::string>& text);    // NULL when empty
  sqlite_statement& bind_optional(int index, const std::optional<std::int64_t>& value);  // NULL when empty
  sqlite_statement& bind_blob(int index, std::span<const std::uint8_t> bytes);
  // NULL when empty.
  template <class Bytes>
  sqlite_statement& bind_optional_blob(int index, const std::optional<Bytes>& bytes) {
    return bytes ? bind_blob(index, *bytes) : bind_null(index);
  }
  sqlite_statement& bind_null(int index);

  // Advances to the next row: true while a row is available, false when done.
  bool step();
  // Runs a statement that returns no rows.
  void run();

  // Columns are numbered from 0.
  [[nodiscard]] std::int64_t column_int(int index) const;
  [[nodiscard]] std::string column_text(int index) const;
  [[nodiscard]] std::optional<std::string> column_optional_text(int index) const;
  [[nodiscard]] std::optional<std::int64_t> column_optional_int(int index) const;
  [[nodiscard]] std::vector<std::uint8_t> column_blob(int index) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
};

struct sqlite_open_options {
  bool create = true;                                 // false: a missing file is an error
  std::chrono::milliseconds busy_timeout{5000};       // how long a statement waits for another's lock
};

class sqlite_connection {
 public:
  // Opens (creating if needed) the database file with foreign keys on, WAL
  // journaling and a busy timeout, so a second process waits instead of failing.
  explicit sqlite_connection(const std::filesystem::path& file, sqlite_open_options options = {});
  ~sqlite_connection();
  sqlite_connection(const sqlite_connection&) = delete;
  sqlite_connection& operator=(const sqlite_connection&) = delete;

  // Runs one or more statements that return no rows.
  void execute(std::string_view sql);
  [[nodiscard]] sqlite_statement prepare(std::string_view sql);
  // Rows changed by the last INSERT, UPDATE or DELETE.
  [[nodiscard]] std::int64_t changed_rows() const;

 private:
  sqlite3* db_ = nullptr;
};

// BEGIN IMMEDIATE on construction (takes the write lock up front, so two
// writers never deadlock on an upgrade); ROLLBACK unless commit() was called.
class sqlite_transaction {
 public:
  explicit sqlite_transaction(sqlite_connection& connection);
  ~sqlite_transaction();
  sqlite_transaction(const sqlite_transaction&) = delete;
  sqlite_transaction& operator=(const sqlite_transaction&) = delete;

  void commit();

 private:
  sqlite_connection& connection_;
  bool committed_ = false;
};

}  // namespace twofold::server
