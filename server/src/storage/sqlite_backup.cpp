#include "storage/sqlite_backup.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <system_error>

namespace twofold::server {

namespace {

// As long as the server's own connection waits for a lock (sqlite_driver.cpp).
constexpr int busy_timeout_ms = 5000;
// sqlite3_backup_step may still answer busy after its busy handler gave up:
// try again this many times, a busy timeout apart.
constexpr int busy_retries = 6;

struct database_closer {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using database_handle = std::unique_ptr<sqlite3, database_closer>;

result<database_handle, std::string> open_database(const std::filesystem::path& file, int flags) {
  sqlite3* db = nullptr;
  const int status = sqlite3_open_v2(file.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  database_handle handle(db);  // allocated even on failure, carrying the message
  if (status != SQLITE_OK) {
    return failure{std::string("cannot open ") + file.string() + ": " + (db ? sqlite3_errmsg(db) : "out of memory")};
  }
  sqlite3_busy_timeout(db, busy_timeout_ms);
  return handle;
}

// Every row of a one-column query, joined by new lines.
result<std::string, std::string> query_text(sqlite3* db, const char* sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) return failure{std::string(sqlite3_errmsg(db))};
  std::string text;
  int status = SQLITE_ROW;
  while ((status = sqlite3_step(statement)) == SQLITE_ROW) {
    const auto* row = sqlite3_column_text(statement, 0);
    if (!text.empty()) text += '\n';
    text += row ? reinterpret_cast<const char*>(row) : "";
  }
  sqlite3_finalize(statement);
  if (status != SQLITE_DONE) return failure{std::string(sqlite3_errmsg(db))};
  return text;
}

// All pages in one step: one read transaction, so one snapshot.
result<std::int64_t, std::string> copy_pages(sqlite3* from, sqlite3* to) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) return failure{std::string("cannot start the backup: ") + sqlite3_errmsg(to)};
  int status = SQLITE_OK;
  for (int attempt = 0; attempt <= busy_retries; ++attempt) {
    status = sqlite3_backup_step(backup, -1);
    if (status != SQLITE_BUSY && status != SQLITE_LOCKED) break;
    sqlite3_sleep(busy_timeout_ms / busy_retries);
  }
  const std::int64_t pages = sqlite3_backup_pagecount(backup);
  const int finished = sqlite3_backup_finish(backup);
  if (status != SQLITE_DONE) return failure{std::string("the backup failed: ") + sqlite3_errstr(status)};
  if (finished != SQLITE_OK) return failure{std::string("the backup failed: ") + sqlite3_errmsg(to)};
  return pages;
}

// The copy as one self-contained file, checked page by page.
result<int, std::string> finish_copy(sqlite3* copy) {
  if (sqlite3_exec(copy, "PRAGMA journal_mode = DELETE", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return failure{std::string("cannot take the copy out of WAL mode: ") + sqlite3_errmsg(copy)};
  }
  const auto check = query_text(copy, "PRAGMA integrity_check");
  if (!check) return failure{"the copy could not be checked: " + check.error()};
  if (*check != "ok") return failure{"the copy failed its integrity check: " + *check};
  const auto version = query_text(copy, "SELECT coalesce(max(version), 0) FROM schema_migrations");
  if (!version) return failure{"the copy has no schema version: " + version.error()};
  return std::stoi(*version);
}

// Gives the finished copy its name; link() fails rather than replace a file
// that appeared meanwhile.
result<bool, std::string> move_into_place(const std::filesystem::path& temporary, const std::filesystem::path& to,
                                          bool replace_existing) {
  if (replace_existing) {
    std::error_code error;
    std::filesystem::rename(temporary, to, error);
    if (error) return failure{"cannot write " + to.string() + ": " + error.message()};
    return true;
  }
  if (::link(temporary.c_str(), to.c_str()) != 0) {
    const int error = errno;
    if (error == EEXIST) return failure{to.string() + " exists; give --overwrite to replace it"};
    return failure{"cannot write " + to.string() + ": " + std::strerror(error)};
  }
  std::filesystem::remove(temporary);
  return true;
}

result<backup_report, std::string> backup_to(const std::filesystem::path& database, const std::filesystem::path& to,
                                             const std::filesystem::path& temporary, bool replace_existing) {
  auto source = open_database(database, SQLITE_OPEN_READWRITE);  // WAL readers need the shared memory file
  if (!source) return failure{source.error()};
  auto copy = open_database(temporary, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!copy) return failure{copy.error()};
  const auto pages = copy_pages(source->get(), copy->get());
  if (!pages) return failure{pages.error()};
  const auto version = finish_copy(copy->get());
  if (!version) return failure{version.error()};
  copy->reset();  // closed before it is named: the file is complete
  if (auto placed = move_into_place(temporary, to, replace_existing); !placed) return failure{placed.error()};
  std::error_code error;
  const auto bytes = std::filesystem::file_size(to, error);
  return backup_report{.file = to, .pages = *pages, .bytes = error ? 0 : bytes, .schema_version = *version};
}

}  // namespace

result<backup_report, std::string> backup_database(const std::filesystem::path& database,
                                                   const std::filesystem::path& to, bool replace_existing) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(database, error)) return failure{"no database at " + database.string()};
  if (std::filesystem::equivalent(database, to, error)) return failure{to.string() + " is the live database itself"};
  if (std::filesystem::exists(to, error) && !replace_existing) {
    return failure{to.string() + " exists; give --overwrite to replace it"};
  }
  if (std::filesystem::is_directory(to, error)) return failure{to.string() + " is a directory"};
  const auto folder = to.has_parent_path() ? to.parent_path() : std::filesystem::path(".");
  if (!std::filesystem::is_directory(folder, error)) return failure{"no directory " + folder.string()};
  const auto temporary = folder / ("." + to.filename().string() + ".partial-" + std::to_string(::getpid()));
  std::filesystem::remove(temporary, error);
  auto report = backup_to(database, to, temporary, replace_existing);
  std::filesystem::remove(temporary, error);  // after a failure; gone already after a success
  for (const char* suffix : {"-journal", "-wal", "-shm"}) {
    std::filesystem::remove(std::filesystem::path(temporary.string() + suffix), error);
  }
  return report;
}

}  // namespace twofold::server
