#pragma once
// The few SQL texts that differ between SQLite and PostgreSQL, each chosen
// here by dialect: the schema's migrations, the migrations table, row locks
// for claims, and JSON.
// Every other statement of the storage is written once, in SQL both accept
// with the same meaning. A JSON document is TEXT in both schemas
// (audit_events.detail), so what these build reads and writes TEXT.
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "storage/migrations.hpp"
#include "storage/sql_database.hpp"

namespace twofold::server {

// The schema's numbered migrations in `dialect`'s DDL.
[[nodiscard]] std::span<const migration> migrations_of(sql_dialect dialect);
// Run on a connection before its transaction begins (so the transaction
// sees what the previous holder committed) and after it ends: meanwhile
// every other connection taking the same lock waits. Empty when `dialect`
// needs no lock (SQLite's BEGIN IMMEDIATE already admits one writer).
[[nodiscard]] std::string_view take_lock(sql_dialect dialect, database_lock lock);
[[nodiscard]] std::string_view release_lock(sql_dialect dialect, database_lock lock);
// Appended to a SELECT of rows the transaction goes on to decide by:
// PostgreSQL locks them until the transaction ends (" FOR UPDATE"), so a
// parallel transaction doing the same waits; SQLite's one writer needs "".
[[nodiscard]] std::string_view lock_selected_rows(sql_dialect dialect);
// Appended to a SELECT of rows to claim: locks the rows it returns and
// passes over those a parallel claim has locked, so parallel claimers get
// disjoint rows without waiting (PostgreSQL: " FOR UPDATE SKIP LOCKED").
// Empty for SQLite, whose BEGIN IMMEDIATE admits one writer at a time.
[[nodiscard]] std::string_view skip_locked_rows(sql_dialect dialect);
// Creates schema_migrations (version, description, applied_at) when it is missing.
[[nodiscard]] std::string_view create_migrations_table(sql_dialect dialect);
// One row, one column: how many tables named schema_migrations exist (0 or 1).
[[nodiscard]] std::string_view count_migrations_tables(sql_dialect dialect);

// Expressions over the JSON text `json` (a column or another expression):
// the text, or an object's JSON text, at `path` ("a.b": member b of the
// top-level member a); NULL when there is none.
[[nodiscard]] std::string json_text_at(sql_dialect dialect, std::string_view json, std::string_view path);
// The integer of the top-level member `key`; NULL when there is none.
[[nodiscard]] std::string json_integer_at(sql_dialect dialect, std::string_view json, std::string_view key);
// `json` with its top-level member `key` set to `value` (a JSON value made by
// json_integer or json_object_of), as text.
[[nodiscard]] std::string json_set_at(sql_dialect dialect, std::string_view json, std::string_view key,
                                      std::string_view value);
// The integer expression `integer` as a JSON value.
[[nodiscard]] std::string json_integer(sql_dialect dialect, std::string_view integer);
// A JSON object of these members: a name, and an SQL expression (integer or text).
[[nodiscard]] std::string json_object_of(sql_dialect dialect,
                                         std::initializer_list<std::pair<std::string_view, std::string_view>> members);
// A query of one column, `value`: the texts of the JSON array of strings in
// the parameter `array` (e.g. "?4"), for `x IN (...)`.
[[nodiscard]] std::string json_array_texts(sql_dialect dialect, std::string_view array);

}  // namespace twofold::server
