#include "storage/sql_throttles.hpp"

#include <stdexcept>

#include "storage/sql_columns.hpp"
#include "storage/sql_sessions.hpp"

namespace twofold::server::sql_throttles {

namespace {

std::optional<throttle_record> find_one(sql_connection& db, const throttle_slot& slot) {
  auto query = db.prepare(
      "SELECT failures, last_failure, in_flight, in_flight_until, refused, tally_key FROM throttle_records"
      " WHERE scope = ?1 AND key = ?2");
  query.bind(1, slot.table.name).bind(2, slot.key);
  if (!query.step()) return std::nullopt;
  return throttle_record{
      .failures = {.failures = static_cast<int>(query.column_int(0)), .last_failure = timestamp_of(query.column_int(1))},
      .in_flight = static_cast<int>(query.column_int(2)),
      .in_flight_until = timestamp_of(query.column_int(3)),
      .refused = static_cast<int>(query.column_int(4)),
      .tally_key = query.column_optional_text(5).value_or(""),
  };
}

bool same(const std::optional<throttle_record>& a, const std::optional<throttle_record>& b) {
  if (!a || !b) return !a && !b;
  return a->failures.failures == b->failures.failures && a->failures.last_failure == b->failures.last_failure &&
         a->in_flight == b->in_flight && a->in_flight_until == b->in_flight_until && a->refused == b->refused &&
         a->tally_key == b->tally_key;
}

// The table's size after `change` more (or fewer) records.
void resize(sql_connection& db, std::string_view table, std::int64_t change) {
  db.prepare(
        "INSERT INTO throttle_sizes (scope, records) VALUES (?1, ?2)"
        " ON CONFLICT (scope) DO UPDATE SET records = throttle_sizes.records + ?2")
      .bind(1, table)
      .bind(2, change)
      .run();
}

void put(sql_connection& db, const throttle_slot& slot, const std::optional<throttle_record>& record) {
  if (!record) {
    db.prepare("DELETE FROM throttle_records WHERE scope = ?1 AND key = ?2").bind(1, slot.table.name).bind(2, slot.key).run();
    resize(db, slot.table.name, -db.changed_rows());
    return;
  }
  db.prepare(
        "INSERT INTO throttle_records (scope, key, failures, last_failure, in_flight, in_flight_until, refused,"
        " tally_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        " ON CONFLICT (scope, key) DO UPDATE SET failures = excluded.failures, last_failure = excluded.last_failure,"
        " in_flight = excluded.in_flight, in_flight_until = excluded.in_flight_until, refused = excluded.refused,"
        " tally_key = excluded.tally_key")
      .bind(1, slot.table.name)
      .bind(2, slot.key)
      .bind(3, std::int64_t{record->failures.failures})
      .bind(4, seconds_of(record->failures.last_failure))
      .bind(5, std::int64_t{record->in_flight})
      .bind(6, seconds_of(record->in_flight_until))
      .bind(7, std::int64_t{record->refused})
      .bind_optional(8, record->tally_key.empty() ? std::nullopt : std::optional(record->tally_key))
      .run();
}

// Runs a DELETE ... RETURNING refused, tally_key of `table`: keeps the
// counts of the windows it ended that refused more than once (a single
// refusal's row already says 1), and the table's size.
void drop(sql_connection& db, sql_statement& deleted, std::string_view table, std::vector<audit_tally>& ended) {
  std::int64_t dropped = 0;
  while (deleted.step()) {
    ++dropped;
    const auto refused = deleted.column_int(0);
    const auto tally_key = deleted.column_optional_text(1);
    if (refused > 1 && tally_key) ended.push_back({.tally_key = *tally_key, .count = static_cast<int>(refused)});
  }
  if (dropped > 0) resize(db, table, -dropped);
}

// Drops the table's quiet records, then, while it holds more than its
// capacity, the fewest failures, the oldest first (each walks an index);
// never a record with an attempt in flight, nor `keep`, the one just written.
void trim(sql_connection& db, const throttle_table& table, const std::string& keep, timestamp now,
          std::vector<audit_tally>& ended) {
  auto quiet = db.prepare(
      "DELETE FROM throttle_records WHERE scope = ?1 AND last_failure <= ?2 AND in_flight_until <= ?3 AND key <> ?4"
      " RETURNING refused, tally_key");
  quiet.bind(1, table.name).bind(2, seconds_of(now - table.forget_after)).bind(3, seconds_of(now)).bind(4, keep);
  drop(db, quiet, table.name, ended);

  const auto over = count(db, table.name) - static_cast<std::int64_t>(table.capacity);
  if (over <= 0) return;
  auto least_useful = db.prepare(
      "DELETE FROM throttle_records WHERE scope = ?1 AND key IN ("
      " SELECT key FROM throttle_records WHERE scope = ?1 AND in_flight_until <= ?3 AND key <> ?2"
      " ORDER BY failures, last_failure, key LIMIT ?4)"
      " RETURNING refused, tally_key");
  least_useful.bind(1, table.name).bind(2, keep).bind(3, seconds_of(now)).bind(4, over);
  drop(db, least_useful, table.name, ended);
}

}  // namespace

std::vector<std::optional<throttle_record>> find(sql_connection& db, const std::vector<throttle_slot>& slots) {
  std::vector<std::optional<throttle_record>> found;
  found.reserve(slots.size());
  for (const throttle_slot& slot : slots) found.push_back(find_one(db, slot));
  return found;
}

void update(sql_connection& db, const std::vector<throttle_slot>& slots, timestamp now, const throttle_step& step) {
  const auto before = find(db, slots);
  auto writes = step(before);
  if (writes.records.size() != slots.size()) throw std::logic_error("a throttle step must write one record per slot");
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (same(before[i], writes.records[i])) continue;
    put(db, slots[i], writes.records[i]);
    if (!before[i]) resize(db, slots[i].table.name, 1);
    if (!before[i] && writes.records[i]) trim(db, slots[i].table, slots[i].key, now, writes.ended_windows);
  }
  apply_part(db, writes.ended_windows);
}

std::int64_t count(sql_connection& db, std::string_view table) {
  auto query = db.prepare("SELECT records FROM throttle_sizes WHERE scope = ?1");
  query.bind(1, table);
  return query.step() ? query.column_int(0) : 0;
}

}  // namespace twofold::server::sql_throttles
