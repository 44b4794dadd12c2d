#pragma once
// One statement on a postgresql_connection: the bound parameters, then the
// rows, all fetched when step() first runs it (the storage reads few rows).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storage/postgresql_connection.hpp"
#include "storage/sql_database.hpp"

namespace twofold::server {

class postgresql_statement final : public sql_statement_driver {
 public:
  // pg_type OIDs of the parameter types sent.
  static constexpr unsigned bytea_type = 17;
  static constexpr unsigned int8_type = 20;
  static constexpr unsigned text_type = 25;

  // `connection` outlives the statement.
  postgresql_statement(postgresql_connection& connection, std::string_view sql);

  void bind_int(int index, std::int64_t value) override;
  void bind_text(int index, std::string_view text) override;
  void bind_blob(int index, std::span<const std::uint8_t> bytes) override;
  void bind_null(int index, sql_type type) override;
  bool step() override;
  [[nodiscard]] bool column_is_null(int index) const override;
  [[nodiscard]] std::int64_t column_int(int index) const override;
  [[nodiscard]] std::string column_text(int index) const override;
  [[nodiscard]] std::vector<std::uint8_t> column_blob(int index) const override;

 private:
  postgresql_parameter& parameter(int index);
  [[nodiscard]] const char* value(int index) const;  // the current row's column, as text

  postgresql_connection& connection_;
  std::string sql_;
  std::vector<postgresql_parameter> parameters_;
  std::optional<postgresql_result> result_;
  int row_ = -1;
};

}  // namespace twofold::server
