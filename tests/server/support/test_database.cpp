#include "support/test_database.hpp"

#include "storage/postgresql_connection.hpp"
#include "storage/postgresql_pool.hpp"
#include "storage/postgresql_storage.hpp"
#include "storage/sqlite_driver.hpp"
#include "storage/sqlite_storage.hpp"
#include "support/test_postgresql.hpp"

namespace twofold::server::testing {

std::string backend_name(const ::testing::TestParamInfo<test_backend>& info) {
  return info.param == test_backend::sqlite ? "sqlite" : "postgresql";
}

void PrintTo(test_backend backend, std::ostream* out) {
  *out << (backend == test_backend::sqlite ? "sqlite" : "postgresql");
}

test_database::test_database(test_backend backend)
    : backend_(backend), url_(backend == test_backend::postgresql ? fresh_postgresql_database() : "") {
  if (backend_ == test_backend::sqlite) sqlite_dir_ = own_dir_.emplace().path();
}

test_database::test_database(std::filesystem::path data_dir)
    : backend_(test_backend::sqlite), sqlite_dir_(std::move(data_dir)) {}

std::unique_ptr<sql_storage> test_database::storage() const {
  if (backend_ == test_backend::sqlite) return open_sqlite_storage(sqlite_dir_);
  return open_postgresql_storage(postgresql_pool_options{.connection = {.url = url_}, .size = 4});
}

std::unique_ptr<sql_pool> test_database::pool() const {
  if (backend_ == test_backend::sqlite) return std::make_unique<sqlite_pool>(sqlite_dir_ / sqlite_file_name);
  return std::make_unique<postgresql_pool>(postgresql_pool_options{.connection = {.url = url_}, .size = 4});
}

std::unique_ptr<sql_storage> test_database::migrated(timestamp now) const {
  auto store = storage();
  store->migrate(now);
  return store;
}

std::unique_ptr<sql_connection> test_database::connect() const {
  if (backend_ == test_backend::sqlite) {
    return std::make_unique<sqlite_connection>(sqlite_dir_ / sqlite_file_name, sqlite_open_options{.create = false});
  }
  return std::make_unique<postgresql_connection>(postgresql_options{.url = url_});
}

std::int64_t test_database::integer(const std::string& sql) const {
  const auto db = connect();
  auto row = db->prepare(sql);
  if (!row.step()) throw std::runtime_error("no row: " + sql);
  return row.column_int(0);
}

std::string test_database::text(const std::string& sql) const {
  const auto db = connect();
  auto row = db->prepare(sql);
  if (!row.step()) throw std::runtime_error("no row: " + sql);
  return row.column_text(0);
}

std::vector<std::vector<std::string>> test_database::rows(const std::string& sql, int columns) const {
  const auto db = connect();
  auto query = db->prepare(sql);
  std::vector<std::vector<std::string>> rows;
  while (query.step()) {
    auto& row = rows.emplace_back();
    for (int i = 0; i < columns; ++i) row.push_back(query.column_optional_text(i).value_or("NULL"));
  }
  return rows;
}

std::vector<std::uint8_t> test_database::blob(const std::string& sql) const {
  const auto db = connect();
  auto row = db->prepare(sql);
  if (!row.step()) throw std::runtime_error("no row: " + sql);
  return row.column_blob(0);
}

void test_database::execute(const std::string& sql) const { connect()->execute(sql); }

}  // namespace twofold::server::testing
