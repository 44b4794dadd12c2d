#include "storage/sqlite_to_postgresql.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "storage/migrations.hpp"
#include "storage/postgresql_storage.hpp"
#include "storage/sqlite_driver.hpp"

namespace twofold::server {

namespace {

// The migrations' own record: each side keeps its own, written as it migrated.
constexpr std::string_view migrations_table = "schema_migrations";

// A table as PostgreSQL describes it.
struct target_column {
  std::string name;
  sql_type type = sql_type::text;
  bool numbers_rows = false;  // an identity or serial column, drawing ids from a sequence
};

struct target_table {
  std::string name;
  std::vector<target_column> columns;
  std::set<std::string> parents;  // the other tables its foreign keys reference
};

// Table and column names come from the schema; quoted all the same.
std::string identifier(std::string_view name) {
  std::string text = "\"";
  for (const char c : name) text += c == '"' ? std::string("\"\"") : std::string(1, c);
  return text + '"';
}

// ── The SQLite side, inside its read transaction ────────────────────────────

int sqlite_schema_version(sql_connection& source) {
  auto query = source.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
  query.step();
  return static_cast<int>(query.column_int(0));
}

// Each table's column names, SQLite's internal tables and the migrations' record left out.
std::map<std::string, std::set<std::string>> sqlite_tables(sql_connection& source) {
  std::map<std::string, std::set<std::string>> tables;
  auto names = source.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> ?1");
  names.bind(1, migrations_table);
  while (names.step()) tables[names.column_text(0)];
  for (auto& [table, columns] : tables) {
    auto info = source.prepare("SELECT name FROM pragma_table_info(?1)");
    info.bind(1, table);
    while (info.step()) columns.insert(info.column_text(0));
  }
  return tables;
}

std::int64_t count_rows(sql_connection& db, const std::string& table) {
  auto query = db.prepare("SELECT count(*) FROM " + identifier(table));
  query.step();
  return query.column_int(0);
}

// ── The PostgreSQL side ─────────────────────────────────────────────────────

sql_type type_named(const std::string& table, const std::string& column, const std::string& data_type) {
  if (data_type == "bigint") return sql_type::integer;
  if (data_type == "text") return sql_type::text;
  if (data_type == "bytea") return sql_type::blob;
  throw storage_failure("column " + table + "." + column + " has the PostgreSQL type " + data_type +
                        ", which the copy does not know");
}

std::map<std::string, target_table> postgresql_tables(sql_connection& target) {
  std::map<std::string, target_table> tables;
  auto columns = target.prepare(
      "SELECT c.table_name, c.column_name, c.data_type, "
      "       CASE WHEN c.is_identity = 'YES' OR c.column_default LIKE 'nextval(%' THEN 1 ELSE 0 END "
      "FROM information_schema.columns c JOIN information_schema.tables t "
      "  ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
      "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> ?1 "
      "ORDER BY c.table_name, c.ordinal_position");
  columns.bind(1, migrations_table);
  while (columns.step()) {
    const std::string table = columns.column_text(0);
    const std::string column = columns.column_text(1);
    tables[table].name = table;
    tables[table].columns.push_back({.name = column,
                                     .type = type_named(table, column, columns.column_text(2)),
                                     .numbers_rows = columns.column_int(3) == 1});
  }
  auto references = target.prepare(
      "SELECT child.relname, parent.relname FROM pg_constraint k "
      "JOIN pg_class child ON child.oid = k.conrelid JOIN pg_class parent ON parent.oid = k.confrelid "
      "WHERE k.contype = 'f' AND child.relnamespace = current_schema()::regnamespace");
  while (references.step()) {
    const std::string child = references.column_text(0);
    const std::string parent = references.column_text(1);
    if (child != parent && tables.contains(child)) tables[child].parents.insert(parent);
  }
  return tables;
}

// Empty when both sides list the same tables with the same columns.
std::string schema_difference(const std::map<std::string, std::set<std::string>>& source,
                              const std::map<std::string, target_table>& target) {
  std::vector<std::string> differences;
  for (const auto& [table, columns] : source) {
    const auto found = target.find(table);
    if (found == target.end()) {
      differences.push_back("table " + table + " is missing in PostgreSQL");
      continue;
    }
    std::set<std::string> target_columns;
    for (const auto& column : found->second.columns) target_columns.insert(column.name);
    for (const auto& column : columns) {
      if (!target_columns.contains(column)) {
        differences.push_back("column " + table + "." + column + " is missing in PostgreSQL");
      }
    }
    for (const auto& column : target_columns) {
      if (!columns.contains(column)) differences.push_back("column " + table + "." + column + " is missing in SQLite");
    }
  }
  for (const auto& [table, shape] : target) {
    if (!source.contains(table)) differences.push_back("table " + table + " is missing in SQLite");
  }
  std::string text;
  for (const auto& difference : differences) text += (text.empty() ? "" : "; ") + difference;
  return text;
}

// Parents before the tables that reference them (the foreign keys are checked row by row).
std::vector<const target_table*> in_insert_order(const std::map<std::string, target_table>& tables) {
  std::vector<const target_table*> order;
  std::set<std::string> placed;
  while (order.size() < tables.size()) {
    const std::size_t before = order.size();
    for (const auto& [name, table] : tables) {
      if (placed.contains(name)) continue;
      const bool ready = std::ranges::all_of(table.parents, [&](const std::string& parent) {
        return placed.contains(parent) || !tables.contains(parent);
      });
      if (!ready) continue;
      order.push_back(&table);
      placed.insert(name);
    }
    if (order.size() == before) throw storage_failure("the tables' foreign keys reference each other in a cycle");
  }
  return order;
}

// Tables of the target that hold rows already, with their counts.
std::string rows_already_there(sql_connection& target, const std::map<std::string, target_table>& tables) {
  std::string text;
  for (const auto& [name, table] : tables) {
    if (const auto rows = count_rows(target, name); rows > 0) {
      text += (text.empty() ? "" : ", ") + name + " " + std::to_string(rows);
    }
  }
  return text;
}

// ── Copying ─────────────────────────────────────────────────────────────────

void copy_field(const sql_statement& from, int column, const target_column& to, sql_statement& into) {
  const int parameter = column + 1;
  if (from.column_is_null(column)) {
    into.bind_null(parameter, to.type);
    return;
  }
  switch (to.type) {
    case sql_type::integer: into.bind(parameter, from.column_int(column)); break;
    case sql_type::text: into.bind(parameter, std::string_view(from.column_text(column))); break;
    case sql_type::blob: into.bind_blob(parameter, from.column_blob(column)); break;
  }
}

// Every row of `table`; returns how many were written.
std::int64_t copy_rows(sql_connection& source, sql_connection& target, const target_table& table) {
  std::string names;
  std::string parameters;
  for (std::size_t at = 0; at < table.columns.size(); ++at) {
    names += (at == 0 ? "" : ", ") + identifier(table.columns[at].name);
    parameters += (at == 0 ? "?" : ", ?") + std::to_string(at + 1);
  }
  const std::string insert = "INSERT INTO " + identifier(table.name) + " (" + names + ") VALUES (" + parameters + ")";
  auto rows = source.prepare("SELECT " + names + " FROM " + identifier(table.name));
  std::int64_t written = 0;
  while (rows.step()) {
    auto row = target.prepare(insert);
    for (std::size_t at = 0; at < table.columns.size(); ++at) {
      copy_field(rows, static_cast<int>(at), table.columns[at], row);
    }
    row.run();
    written += target.changed_rows();
  }
  return written;
}

// The next id a sequence hands out comes after the largest one copied.
void continue_sequences(sql_connection& target, const target_table& table) {
  for (const auto& column : table.columns) {
    if (!column.numbers_rows) continue;
    auto next = target.prepare("SELECT setval(pg_get_serial_sequence(?1, ?2), coalesce(max(" + identifier(column.name) +
                               "), 0) + 1, false) FROM " + identifier(table.name));
    next.bind(1, identifier(table.name)).bind(2, column.name);
    next.run();
  }
}

result<sqlite_copy_report, std::string> copy_snapshot(sql_connection& source, const postgresql_options& target_options,
                                                      timestamp now) {
  const int version = sqlite_schema_version(source);
  const int expected = sqlite_migrations().back().version;
  if (version < expected) {
    return failure{"the SQLite database has schema version " + std::to_string(version) + ", older than this " +
                   "twofold-server's " + std::to_string(expected) +
                   ": start this version of the server on it once (it migrates at start), stop it, then copy"};
  }
  if (version > expected) {
    return failure{"the SQLite database has schema version " + std::to_string(version) + ", newer than this " +
                   "twofold-server's " + std::to_string(expected) + ": copy with the twofold-server that runs it"};
  }
  const auto source_tables = sqlite_tables(source);

  open_postgresql_storage({.connection = target_options, .size = 1})->migrate(now);
  postgresql_connection target(target_options);
  sql_transaction transaction(target);
  const auto target_tables = postgresql_tables(target);
  if (const auto difference = schema_difference(source_tables, target_tables); !difference.empty()) {
    return failure{"the two schemas differ (" + difference + "); nothing was copied"};
  }
  if (const auto there = rows_already_there(target, target_tables); !there.empty()) {
    return failure{"the PostgreSQL database holds data already (rows in " + there +
                   "); nothing was copied: copy into a new, empty database"};
  }

  sqlite_copy_report report{.tables = {}, .total_rows = 0, .schema_version = version};
  std::vector<std::string> mismatches;
  for (const target_table* table : in_insert_order(target_tables)) {
    const std::int64_t written = copy_rows(source, target, *table);
    continue_sequences(target, *table);
    const std::int64_t in_source = count_rows(source, table->name);
    const std::int64_t in_target = count_rows(target, table->name);
    if (written != in_source || in_target != in_source) {
      mismatches.push_back(table->name + ": " + std::to_string(in_source) + " in SQLite, " +
                           std::to_string(in_target) + " in PostgreSQL");
    }
    report.tables.push_back({.name = table->name, .rows = in_target});
    report.total_rows += in_target;
  }
  if (!mismatches.empty()) {
    std::string text;
    for (const auto& mismatch : mismatches) text += (text.empty() ? "" : "; ") + mismatch;
    return failure{"the row counts differ (" + text + "); nothing was copied"};
  }
  transaction.commit();
  std::ranges::sort(report.tables, {}, &copied_table::name);
  return report;
}

}  // namespace

result<sqlite_copy_report, std::string> copy_sqlite_to_postgresql(const std::filesystem::path& database,
                                                                  const postgresql_options& target,
                                                                  timestamp now) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(database, error)) return failure{"no database at " + database.string()};
  try {
    sqlite_connection source(database, {.create = false});
    // A read transaction: the first read fixes the snapshot every later read sees.
    source.execute("BEGIN DEFERRED");
    auto copied = copy_snapshot(source, target, now);
    source.execute("COMMIT");
    return copied;
  } catch (const storage_failure& problem) {
    return failure{std::string(problem.what())};
  }
}

}  // namespace twofold::server
