#pragma once
// The databases the storage runs on, for the storage suites that run once
// on each (GoogleTest value-parameterised: INSTANTIATE_TEST_SUITE_P with
// all_test_backends). Each test gets a fresh, empty database: SQLite in a
// temporary folder, PostgreSQL a new database of the process's throwaway
// cluster (test_postgresql.hpp). Its probe methods read and write it apart
// from the storage under test, as database_probe does for SQLite, in SQL
// both databases accept.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "storage/sql_storage.hpp"
#include "support/temp_dir.hpp"
#include "twofold/time.hpp"

namespace twofold::server::testing {

enum class test_backend { sqlite, postgresql };

inline constexpr test_backend all_test_backends[] = {test_backend::sqlite, test_backend::postgresql};

// "sqlite" or "postgresql", for the test names and messages.
[[nodiscard]] std::string backend_name(const ::testing::TestParamInfo<test_backend>& info);
void PrintTo(test_backend backend, std::ostream* out);

class test_database {
 public:
  explicit test_database(test_backend backend);
  // SQLite in `data_dir` (which the caller keeps and removes).
  explicit test_database(std::filesystem::path data_dir);

  [[nodiscard]] test_backend backend() const { return backend_; }
  // A storage on this database, not migrated yet; several may be open at
  // once. pool(): what it runs on, to be wrapped (recording_pool).
  [[nodiscard]] std::unique_ptr<sql_storage> storage() const;
  [[nodiscard]] std::unique_ptr<sql_pool> pool() const;
  [[nodiscard]] std::unique_ptr<sql_storage> migrated(timestamp now) const;
  // A connection of its own, apart from any storage.
  [[nodiscard]] std::unique_ptr<sql_connection> connect() const;

  // The first column of the first row; every row, every column as text (NULL as "NULL").
  [[nodiscard]] std::int64_t integer(const std::string& sql) const;
  [[nodiscard]] std::string text(const std::string& sql) const;
  [[nodiscard]] std::vector<std::vector<std::string>> rows(const std::string& sql, int columns) const;
  [[nodiscard]] std::vector<std::uint8_t> blob(const std::string& sql) const;
  void execute(const std::string& sql) const;

  // SQLite's data directory (the database file's folder).
  [[nodiscard]] const std::filesystem::path& sqlite_dir() const { return sqlite_dir_; }

 private:
  test_backend backend_;
  std::optional<temp_dir> own_dir_;
  std::filesystem::path sqlite_dir_;
  std::string url_;  // PostgreSQL's
};

}  // namespace twofold::server::testing
