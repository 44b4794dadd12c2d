#include "storage/sql_dialect.hpp"

#include "storage/postgresql_migrations.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

namespace {

// "a.b" as a PostgreSQL text array of keys: '{a,b}'.
std::string postgresql_path(std::string_view path) {
  std::string keys(path);
  for (char& c : keys) {
    if (c == '.') c = ',';
  }
  return "'{" + keys + "}'";
}

}  // namespace

std::span<const migration> migrations_of(sql_dialect dialect) {
  switch (dialect) {
    case sql_dialect::sqlite: return sqlite_migrations();
    case sql_dialect::postgresql: break;
  }
  return postgresql_migrations();
}

std::string_view take_lock(sql_dialect dialect, database_lock lock) {
  return dialect == sql_dialect::sqlite ? "" : postgresql_take_lock(lock);
}

std::string_view release_lock(sql_dialect dialect, database_lock lock) {
  return dialect == sql_dialect::sqlite ? "" : postgresql_release_lock(lock);
}

std::string_view lock_selected_rows(sql_dialect dialect) {
  return dialect == sql_dialect::sqlite ? "" : " FOR UPDATE";
}

std::string_view skip_locked_rows(sql_dialect dialect) {
  return dialect == sql_dialect::sqlite ? "" : " FOR UPDATE SKIP LOCKED";
}

std::string_view create_migrations_table(sql_dialect dialect) {
  switch (dialect) {
    case sql_dialect::sqlite:
      return "CREATE TABLE IF NOT EXISTS schema_migrations ("
             " version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)";
    case sql_dialect::postgresql: break;
  }
  return "CREATE TABLE IF NOT EXISTS schema_migrations ("
         " version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)";
}

std::string_view count_migrations_tables(sql_dialect dialect) {
  switch (dialect) {
    case sql_dialect::sqlite:
      return "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
    case sql_dialect::postgresql: break;
  }
  return "SELECT count(*) FROM information_schema.tables"
         " WHERE table_schema = current_schema() AND table_name = 'schema_migrations'";
}

std::string json_text_at(sql_dialect dialect, std::string_view json, std::string_view path) {
  if (dialect == sql_dialect::sqlite) return "json_extract(" + std::string(json) + ", '$." + std::string(path) + "')";
  return "(CAST(" + std::string(json) + " AS jsonb) #>> " + postgresql_path(path) + ")";
}

std::string json_integer_at(sql_dialect dialect, std::string_view json, std::string_view key) {
  if (dialect == sql_dialect::sqlite) return json_text_at(dialect, json, key);  // a JSON number reads as one
  return "CAST(CAST(" + std::string(json) + " AS jsonb) ->> '" + std::string(key) + "' AS BIGINT)";
}

std::string json_set_at(sql_dialect dialect, std::string_view json, std::string_view key, std::string_view value) {
  if (dialect == sql_dialect::sqlite) {
    return "json_set(" + std::string(json) + ", '$." + std::string(key) + "', " + std::string(value) + ")";
  }
  return "CAST(jsonb_set(CAST(" + std::string(json) + " AS jsonb), " + postgresql_path(key) + ", " +
         std::string(value) + ") AS TEXT)";
}

std::string json_integer(sql_dialect dialect, std::string_view integer) {
  if (dialect == sql_dialect::sqlite) return std::string(integer);
  return "to_jsonb(CAST(" + std::string(integer) + " AS BIGINT))";
}

std::string json_object_of(sql_dialect dialect,
                           std::initializer_list<std::pair<std::string_view, std::string_view>> members) {
  std::string object = dialect == sql_dialect::sqlite ? "json_object(" : "jsonb_build_object(";
  bool first = true;
  for (const auto& [name, value] : members) {
    object += (first ? "'" : ", '") + std::string(name) + "', " + std::string(value);
    first = false;
  }
  return object + ")";
}

std::string json_array_texts(sql_dialect dialect, std::string_view array) {
  if (dialect == sql_dialect::sqlite) return "SELECT value FROM json_each(" + std::string(array) + ")";
  return "SELECT value FROM jsonb_array_elements_text(CAST(" + std::string(array) + " AS jsonb))";
}

}  // namespace twofold::server
