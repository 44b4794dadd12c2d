#include "storage/postgresql_statement.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstring>

namespace twofold::server {

namespace {

unsigned type_of(sql_type type) {
  switch (type) {
    case sql_type::integer: return postgresql_statement::int8_type;
    case sql_type::text: return postgresql_statement::text_type;
    case sql_type::blob: return postgresql_statement::bytea_type;
  }
  return postgresql_statement::text_type;
}

}  // namespace

postgresql_statement::postgresql_statement(postgresql_connection& connection, std::string_view sql)
    : connection_(connection), sql_(sql) {}

postgresql_parameter& postgresql_statement::parameter(int index) {
  if (index < 1) throw storage_failure("parameter ?" + std::to_string(index) + ": numbered from 1");
  if (static_cast<std::size_t>(index) > parameters_.size()) parameters_.resize(static_cast<std::size_t>(index));
  return parameters_[static_cast<std::size_t>(index) - 1];
}

void postgresql_statement::bind_int(int index, std::int64_t value) {
  parameter(index) = {.type = int8_type, .is_null = false, .value = std::to_string(value)};
}

void postgresql_statement::bind_text(int index, std::string_view text) {
  parameter(index) = {.type = text_type, .is_null = false, .value = std::string(text)};
}

void postgresql_statement::bind_blob(int index, std::span<const std::uint8_t> bytes) {
  parameter(index) = {.type = bytea_type, .is_null = false, .value = std::string(bytes.begin(), bytes.end())};
}

void postgresql_statement::bind_null(int index, sql_type type) {
  parameter(index) = {.type = type_of(type), .is_null = true, .value = {}};
}

bool postgresql_statement::step() {
  if (!result_) result_ = connection_.run(sql_, parameters_);
  ++row_;
  return row_ < PQntuples(result_->get());
}

bool postgresql_statement::column_is_null(int index) const {
  return PQgetisnull(result_->get(), row_, index) != 0;
}

const char* postgresql_statement::value(int index) const {
  if (!result_ || row_ >= PQntuples(result_->get()) || index < 0 || index >= PQnfields(result_->get())) {
    throw storage_failure("column " + std::to_string(index) + " read without a row");
  }
  return PQgetvalue(result_->get(), row_, index);
}

std::int64_t postgresql_statement::column_int(int index) const {
  const char* text = value(index);
  // Booleans come as 't' or 'f'; NULL as the empty string (read as 0, as SQLite does).
  if (std::strcmp(text, "t") == 0) return 1;
  if (std::strcmp(text, "f") == 0) return 0;
  std::int64_t number = 0;
  const char* end = text + std::strlen(text);
  if (const auto [at, error] = std::from_chars(text, end, number); error != std::errc{} || at != end) {
    if (*text != '\0') throw storage_failure("column " + std::to_string(index) + " is not an integer: " + text);
  }
  return number;
}

std::string postgresql_statement::column_text(int index) const {
  const char* text = value(index);
  return std::string(text, static_cast<std::size_t>(PQgetlength(result_->get(), row_, index)));
}

std::vector<std::uint8_t> postgresql_statement::column_blob(int index) const {
  const char* text = value(index);
  if (PQgetisnull(result_->get(), row_, index) != 0) return {};
  std::size_t size = 0;
  unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &size);
  if (bytes == nullptr) throw storage_failure("column " + std::to_string(index) + " is not bytea");
  std::vector<std::uint8_t> decoded(bytes, bytes + size);
  PQfreemem(bytes);
  return decoded;
}

}  // namespace twofold::server
