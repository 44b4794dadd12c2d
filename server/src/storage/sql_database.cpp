#include "storage/sql_database.hpp"

namespace twofold::server {

sql_statement& sql_statement::bind(int index, std::int64_t value) {
  driver_->bind_int(index, value);
  return *this;
}

sql_statement& sql_statement::bind(int index, std::string_view text) {
  driver_->bind_text(index, text);
  return *this;
}

sql_statement& sql_statement::bind_optional(int index, const std::optional<std::string>& text) {
  return text ? bind(index, std::string_view(*text)) : bind_null(index, sql_type::text);
}

sql_statement& sql_statement::bind_optional(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, *value) : bind_null(index, sql_type::integer);
}

sql_statement& sql_statement::bind_blob(int index, std::span<const std::uint8_t> bytes) {
  driver_->bind_blob(index, bytes);
  return *this;
}

sql_statement& sql_statement::bind_null(int index, sql_type type) {
  driver_->bind_null(index, type);
  return *this;
}

bool sql_statement::step() { return driver_->step(); }

void sql_statement::run() {
  while (step()) {
  }
}

bool sql_statement::column_is_null(int index) const { return driver_->column_is_null(index); }

std::int64_t sql_statement::column_int(int index) const { return driver_->column_int(index); }

std::string sql_statement::column_text(int index) const { return driver_->column_text(index); }

std::optional<std::string> sql_statement::column_optional_text(int index) const {
  if (driver_->column_is_null(index)) return std::nullopt;
  return driver_->column_text(index);
}

std::optional<std::int64_t> sql_statement::column_optional_int(int index) const {
  if (driver_->column_is_null(index)) return std::nullopt;
  return driver_->column_int(index);
}

std::vector<std::uint8_t> sql_statement::column_blob(int index) const { return driver_->column_blob(index); }

std::optional<std::string> sql_pool::readiness_problem() {
  try {
    const auto connection = acquire();
    connection->prepare("SELECT count(*) FROM schema_migrations").run();
    const sql_transaction writable(*connection);  // rolled back at once
    return std::nullopt;
  } catch (const storage_failure& failure) {
    return failure.what();
  }
}

}  // namespace twofold::server
