#pragma once
// Reads a Twofold database with SQLite directly, apart from the code under
// test, so tests check what is really stored rather than what the storage
// class says it stored.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

struct sqlite3;

namespace twofold::server::testing {

class database_probe {
 public:
  explicit database_probe(const std::filesystem::path& data_dir);
  ~database_probe();
  database_probe(const database_probe&) = delete;
  database_probe& operator=(const database_probe&) = delete;

  // The first column of the first row.
  [[nodiscard]] std::int64_t integer(const std::string& sql);
  [[nodiscard]] std::string text(const std::string& sql);
  // Every row, every column as text; NULL reads as "NULL".
  [[nodiscard]] std::vector<std::vector<std::string>> rows(const std::string& sql);
  void execute(const std::string& sql);

 private:
  sqlite3* db_ = nullptr;
};

// Every byte of the database file and its write-ahead log.
[[nodiscard]] std::string database_bytes(const std::filesystem::path& data_dir);

}  // namespace twofold::server::testing
