#include "support/database_probe.hpp"

#include <sqlite3.h>

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace twofold::server::testing {

namespace {

std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

database_probe::database_probe(const std::filesystem::path& data_dir) {
  const auto file = data_dir / "twofold.db";
  if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    sqlite3_close(db_);
    throw std::runtime_error("cannot open " + file.string());
  }
  sqlite3_busy_timeout(db_, 5000);
}

database_probe::~database_probe() { sqlite3_close(db_); }

std::vector<std::vector<std::string>> database_probe::rows(const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    throw std::runtime_error(std::string("probe: ") + sqlite3_errmsg(db_) + " in " + sql);
  }
  std::vector<std::vector<std::string>> result;
  int status = SQLITE_OK;
  while ((status = sqlite3_step(statement)) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int column = 0; column < sqlite3_column_count(statement); ++column) {
      const auto* value = sqlite3_column_text(statement, column);
      row.emplace_back(value ? reinterpret_cast<const char*>(value) : "NULL");
    }
    result.push_back(std::move(row));
  }
  sqlite3_finalize(statement);
  if (status != SQLITE_DONE) throw std::runtime_error(std::string("probe: ") + sqlite3_errmsg(db_));
  return result;
}

std::int64_t database_probe::integer(const std::string& sql) { return std::stoll(text(sql)); }

std::string database_probe::text(const std::string& sql) {
  const auto found = rows(sql);
  if (found.empty() || found.front().empty()) throw std::runtime_error("probe: no value from " + sql);
  return found.front().front();
}

void database_probe::execute(const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string error = message ? message : "unknown";
    sqlite3_free(message);
    throw std::runtime_error("probe: " + error);
  }
}

std::string database_bytes(const std::filesystem::path& data_dir) {
  return read_all(data_dir / "twofold.db") + read_all(data_dir / "twofold.db-wal");
}

}  // namespace twofold::server::testing
