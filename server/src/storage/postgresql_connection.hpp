#pragma once
// One connection to PostgreSQL through libpq, as the storage's sql_connection
// (sql_database.hpp). Statements are prepared once per connection and SQL
// text and kept (the storage's texts are a fixed set); parameters go with
// their types (bigint, text, bytea), so a NULL or a `?1 IS NULL` needs no
// cast; rows come back as text, bytea decoded.
//
// Errors: a serialization failure or deadlock (SQLSTATE 40001, 40P01) is a
// storage_conflict, every other error a storage_failure with PostgreSQL's
// message, each counted in server_metrics' database errors. A connection
// whose server went away stays broken (healthy() says so): the pool
// replaces it.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/sql_database.hpp"

struct pg_conn;
struct pg_result;

namespace twofold::server {

struct postgresql_options {
  std::string url;                                      // postgresql://user@host:port/database?...
  std::chrono::seconds connect_timeout{5};              // libpq's minimum is 2 s
  std::chrono::milliseconds statement_timeout{10000};   // one statement, then it is cancelled
};

// A parameter as libpq takes it: a type (an OID of pg_type) and, unless
// NULL, its value in text form (bytea: its raw bytes, sent in binary).
struct postgresql_parameter {
  unsigned type = 0;
  bool is_null = true;
  std::string value;
};

// Owns a PGresult.
class postgresql_result {
 public:
  explicit postgresql_result(pg_result* result) : result_(result) {}
  ~postgresql_result();
  postgresql_result(postgresql_result&& other) noexcept;
  postgresql_result& operator=(postgresql_result&& other) noexcept;
  postgresql_result(const postgresql_result&) = delete;
  postgresql_result& operator=(const postgresql_result&) = delete;

  [[nodiscard]] pg_result* get() const { return result_; }

 private:
  pg_result* result_;
};

class postgresql_connection final : public sql_connection {
 public:
  // Connects, or throws storage_failure (the server unreachable, a wrong
  // URL, a refused role) after at most the connect timeout.
  explicit postgresql_connection(const postgresql_options& options);
  ~postgresql_connection() override;
  postgresql_connection(const postgresql_connection&) = delete;
  postgresql_connection& operator=(const postgresql_connection&) = delete;

  [[nodiscard]] sql_dialect dialect() const override { return sql_dialect::postgresql; }
  void execute(std::string_view sql) override;
  [[nodiscard]] sql_statement prepare(std::string_view sql) override;
  [[nodiscard]] std::int64_t changed_rows() const override { return changed_rows_; }
  void begin(sql_isolation isolation) override;
  void commit() override;
  void rollback() noexcept override;

  // Connected, not inside a transaction, and sent nothing while idle (a
  // server ending the session sends its last message first): fit to be
  // handed out. Looks without waiting.
  [[nodiscard]] bool healthy() const;

  // Runs `sql` (written with ?N) with `parameters` (index 0 is ?1): the
  // statement driver's way in. Throws as described above.
  [[nodiscard]] postgresql_result run(std::string_view sql, const std::vector<postgresql_parameter>& parameters);

 private:
  // The name of the statement prepared for `sql` with these parameter types.
  const std::string& prepared(std::string_view sql, const std::vector<postgresql_parameter>& parameters);
  // Throws unless `result` reports success; notes the rows it changed.
  postgresql_result checked(pg_result* result, std::string_view what);

  pg_conn* connection_ = nullptr;
  std::unordered_map<std::string, std::string> statements_;  // SQL text and types -> statement name
  std::int64_t changed_rows_ = 0;
};

}  // namespace twofold::server
