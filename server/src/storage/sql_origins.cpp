#include "storage/sql_origins.hpp"

#include "storage/sql_columns.hpp"

namespace twofold::server::sql_origins {

namespace {

constexpr std::string_view device_columns =
    "id, user_id, token_hash, browser, browser_version, os, os_version, device, first_seen_at, last_seen_at,"
    " last_ip, blocked_at";

device_record read_device(const sql_statement& row) {
  return device_record{.id = row.column_int(0),
                       .user_id = row.column_int(1),
                       .token_hash = hash_column(row, 2),
                       .name = {.browser = row.column_text(3),
                                .browser_version = row.column_text(4),
                                .os = row.column_text(5),
                                .os_version = row.column_text(6),
                                .device = row.column_text(7)},
                       .first_seen_at = timestamp_of(row.column_int(8)),
                       .last_seen_at = timestamp_of(row.column_int(9)),
                       .last_ip = row.column_text(10),
                       .blocked_at = timestamp_of(row.column_optional_int(11))};
}

constexpr std::string_view location_columns =
    "id, user_id, place_key, network, country_code, city_names, country_names, first_seen_at, last_seen_at,"
    " last_ip, blocked_at";

location_record read_location(const sql_statement& row) {
  return location_record{.id = row.column_int(0),
                         .user_id = row.column_int(1),
                         .place = {.key = row.column_text(2),
                                   .network = row.column_text(3),
                                   .country_code = row.column_text(4),
                                   .city_names = row.column_text(5),
                                   .country_names = row.column_text(6)},
                         .first_seen_at = timestamp_of(row.column_int(7)),
                         .last_seen_at = timestamp_of(row.column_int(8)),
                         .last_ip = row.column_text(9),
                         .blocked_at = timestamp_of(row.column_optional_int(10))};
}

// The kept time is named by its table: PostgreSQL's upsert also sees excluded.last_seen_at.
void see(sql_connection& db, const origin_seen& seen) {
  const auto& name = seen.device;
  db.prepare(
        "INSERT INTO devices (user_id, token_hash, browser, browser_version, os, os_version, device, first_seen_at,"
        " last_seen_at, last_ip) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)"
        " ON CONFLICT (user_id, token_hash) DO UPDATE SET browser = ?3, browser_version = ?4, os = ?5,"
        " os_version = ?6, device = ?7, last_seen_at = CASE WHEN devices.last_seen_at > ?8 THEN devices.last_seen_at ELSE ?8 END,"
        " last_ip = ?9")
      .bind(1, seen.user_id)
      .bind_blob(2, seen.device_hash)
      .bind(3, name.browser)
      .bind(4, name.browser_version)
      .bind(5, name.os)
      .bind(6, name.os_version)
      .bind(7, name.device)
      .bind(8, seconds_of(seen.now))
      .bind(9, seen.ip)
      .run();
  const auto& place = seen.place;
  db.prepare(
        "INSERT INTO locations (user_id, place_key, network, country_code, city_names, country_names, first_seen_at,"
        " last_seen_at, last_ip) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)"
        " ON CONFLICT (user_id, place_key) DO UPDATE SET network = ?3, city_names = ?5, country_names = ?6,"
        " last_seen_at = CASE WHEN locations.last_seen_at > ?7 THEN locations.last_seen_at ELSE ?7 END, last_ip = ?8")
      .bind(1, seen.user_id)
      .bind(2, place.key)
      .bind(3, place.network)
      .bind(4, place.country_code)
      .bind(5, place.city_names)
      .bind(6, place.country_names)
      .bind(7, seconds_of(seen.now))
      .bind(8, seen.ip)
      .run();
}

void block(sql_connection& db, std::string_view table, const origin_block& change) {
  db.prepare("UPDATE " + std::string(table) + " SET blocked_at = ?3 WHERE id = ?1 AND user_id = ?2")
      .bind(1, change.id)
      .bind(2, change.user_id)
      .bind_optional(3, seconds_of(change.blocked_at))
      .run();
}

}  // namespace

known_origin_record find_known(sql_connection& db, row_id user_id,
                               const std::optional<session_token_hash>& device_hash, std::string_view place_key) {
  known_origin_record known;
  if (device_hash) {
    auto device = db.prepare("SELECT " + std::string(device_columns) + " FROM devices WHERE user_id = ?1 AND token_hash = ?2");
    device.bind(1, user_id).bind_blob(2, *device_hash);
    if (device.step()) known.device = read_device(device);
  }
  auto location =
      db.prepare("SELECT " + std::string(location_columns) + " FROM locations WHERE user_id = ?1 AND place_key = ?2");
  location.bind(1, user_id).bind(2, place_key);
  if (location.step()) known.location = read_location(location);
  auto any = db.prepare("SELECT EXISTS (SELECT 1 FROM devices WHERE user_id = ?1)");
  any.bind(1, user_id);
  any.step();
  known.any_device = any.column_int(0) != 0;
  return known;
}

std::vector<device_record> list_devices(sql_connection& db, row_id user_id) {
  auto query = db.prepare("SELECT " + std::string(device_columns) +
                          " FROM devices WHERE user_id = ?1 ORDER BY last_seen_at DESC, id DESC");
  query.bind(1, user_id);
  std::vector<device_record> found;
  while (query.step()) found.push_back(read_device(query));
  return found;
}

std::vector<location_record> list_locations(sql_connection& db, row_id user_id) {
  auto query = db.prepare("SELECT " + std::string(location_columns) +
                          " FROM locations WHERE user_id = ?1 ORDER BY last_seen_at DESC, id DESC");
  query.bind(1, user_id);
  std::vector<location_record> found;
  while (query.step()) found.push_back(read_location(query));
  return found;
}

}  // namespace twofold::server::sql_origins

namespace twofold::server {

void apply_part(sql_connection& db, const origin_changes& changes) {
  for (const origin_seen& seen : changes.seen) sql_origins::see(db, seen);
  for (const origin_block& change : changes.devices) sql_origins::block(db, "devices", change);
  for (const origin_block& change : changes.locations) sql_origins::block(db, "locations", change);
}

}  // namespace twofold::server
