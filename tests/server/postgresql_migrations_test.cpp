// PostgreSQL's migrations against SQLite's: the same numbers and
// descriptions, and, applied to empty databases, the same tables, columns,
// nullability and indexes; the constraints SQLite checks are checked too.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "storage/migrations.hpp"
#include "storage/postgresql_connection.hpp"
#include "storage/postgresql_migrations.hpp"
#include "support/database_probe.hpp"
#include "support/temp_dir.hpp"
#include "support/test_accounts.hpp"
#include "support/test_postgresql.hpp"

namespace twofold::server::testing {
namespace {

using column = std::tuple<std::string, std::string, bool>;  // table, column, nullable

std::vector<std::vector<std::string>> postgresql_rows(sql_connection& db, std::string_view sql, int columns) {
  std::vector<std::vector<std::string>> rows;
  auto query = db.prepare(sql);
  while (query.step()) {
    auto& row = rows.emplace_back();
    for (int i = 0; i < columns; ++i) row.push_back(query.column_text(i));
  }
  return rows;
}

// Applies every PostgreSQL migration, each in its own transaction, as the runner does.
std::unique_ptr<postgresql_connection> migrated_postgresql() {
  auto connection = std::make_unique<postgresql_connection>(postgresql_options{.url = fresh_postgresql_database()});
  auto& db = *connection;
  for (const auto& step : postgresql_migrations()) {
    sql_transaction transaction(db);
    db.execute(step.sql);
    transaction.commit();
  }
  return connection;
}

TEST(postgresql_migrations, pair_each_sqlite_migration_by_number_and_description) {
  const auto sqlite = sqlite_migrations();
  const auto postgresql = postgresql_migrations();
  ASSERT_EQ(postgresql.size(), sqlite.size());
  for (std::size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(postgresql[i].version, sqlite[i].version);
    EXPECT_EQ(postgresql[i].description, sqlite[i].description);
  }
}

class postgresql_schema : public ::testing::Test {
 protected:
  temp_dir dir_;
  std::unique_ptr<postgresql_connection> postgresql_ = migrated_postgresql();

  void SetUp() override { static_cast<void>(open_storage(dir_.path(), test_epoch)); }

  std::set<column> sqlite_columns() {
    database_probe probe(dir_.path());
    std::set<column> columns;
    for (const auto& row : probe.rows(
             "SELECT m.name, p.name, p.\"notnull\" = 0 AND p.pk = 0 FROM sqlite_master m, pragma_table_info(m.name) p"
             " WHERE m.type = 'table' AND m.name NOT IN ('schema_migrations', 'sqlite_sequence')")) {
      columns.emplace(row[0], row[1], row[2] == "1");
    }
    return columns;
  }

  std::set<column> postgresql_columns() {
    std::set<column> columns;
    for (const auto& row : postgresql_rows(*postgresql_,
                                           "SELECT table_name, column_name, is_nullable = 'YES' FROM information_schema.columns"
                                           " WHERE table_schema = current_schema()",
                                           3)) {
      columns.emplace(row[0], row[1], row[2] == "t");
    }
    return columns;
  }
};

TEST_F(postgresql_schema, has_sqlites_tables_and_columns_with_the_same_nullability) {
  const auto sqlite = sqlite_columns();
  const auto postgresql = postgresql_columns();
  ASSERT_GT(sqlite.size(), 100u);
  std::vector<column> only_sqlite;
  std::vector<column> only_postgresql;
  std::ranges::set_difference(sqlite, postgresql, std::back_inserter(only_sqlite));
  std::ranges::set_difference(postgresql, sqlite, std::back_inserter(only_postgresql));
  for (const auto& [table, name, nullable] : only_sqlite) ADD_FAILURE() << "only in SQLite: " << table << "." << name << (nullable ? " NULL" : " NOT NULL");
  for (const auto& [table, name, nullable] : only_postgresql) ADD_FAILURE() << "only in PostgreSQL: " << table << "." << name << (nullable ? " NULL" : " NOT NULL");
}

TEST_F(postgresql_schema, has_sqlites_indexes) {
  database_probe probe(dir_.path());
  std::set<std::string> sqlite;
  for (const auto& row : probe.rows("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")) {
    sqlite.insert(row[0]);
  }
  std::set<std::string> postgresql;
  for (const auto& row : postgresql_rows(*postgresql_,
                                         "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
                                         " AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                                         1)) {
    postgresql.insert(row[0]);
  }
  EXPECT_EQ(postgresql, sqlite);
}

// A few of the checks, each refused as SQLite refuses it.
TEST_F(postgresql_schema, refuses_what_sqlites_constraints_refuse) {
  postgresql_->execute("INSERT INTO companies (name, key, created_at) VALUES ('Acme', 'acme', 0)");
  const auto refused = [&](std::string_view sql) {
    try {
      postgresql_->execute(sql);
    } catch (const storage_failure&) {
      return true;
    }
    return false;
  };
  EXPECT_TRUE(refused("INSERT INTO users (company_id, username, email, display_name, role, password_hash, created_at)"
                      " VALUES (1, 'Alice', 'alice@x', 'A', 'agent', 'h', 0)"));
  EXPECT_FALSE(refused("INSERT INTO users (company_id, username, email, display_name, role, password_hash, created_at)"
                       " VALUES (1, 'élise', 'elise@x', 'É', 'agent', 'h', 0)"));
  EXPECT_TRUE(refused("INSERT INTO audit_events (event, ip, user_agent, detail, created_at) VALUES ('e', '', '', '{', 0)"));
  EXPECT_TRUE(refused("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, absolute_expires_at, ip,"
                      " user_agent) VALUES ('\\x00', (SELECT id FROM users), 0, 0, 0, '', '')"));
  EXPECT_TRUE(refused("INSERT INTO two_factor (user_id, method, enabled_at) VALUES ((SELECT id FROM users), 'sms', 0)"));
  EXPECT_FALSE(refused("INSERT INTO two_factor (user_id, method, sealed_phone, enabled_at) VALUES ((SELECT id FROM users), 'sms', '\\x01', 0)"));
  EXPECT_TRUE(refused("INSERT INTO sign_in_flows (token_hash, state, company_id, created_at, expires_at, ip, user_agent)"
                      " VALUES (decode(repeat('00', 32), 'hex'), 'second_factor', 1, 0, 0, '', '')"));
  EXPECT_TRUE(refused("INSERT INTO server_key_check (id, fingerprint, recorded_at) VALUES (2, 'f', 0)"));
}

}  // namespace
}  // namespace twofold::server::testing
