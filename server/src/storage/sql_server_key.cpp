#include "storage/sql_server_key.hpp"

#include "storage/sql_columns.hpp"

namespace twofold::server::sql_server_key {

std::string claim_fingerprint(sql_connection& db, std::string_view fingerprint, timestamp now) {
  db.prepare(
        "INSERT INTO server_key_check (id, fingerprint, recorded_at) VALUES (1, ?1, ?2)"
        " ON CONFLICT (id) DO NOTHING")
      .bind(1, fingerprint)
      .bind(2, seconds_of(now))
      .run();
  auto held = db.prepare("SELECT fingerprint FROM server_key_check WHERE id = 1");
  held.step();
  return held.column_text(0);
}

}  // namespace twofold::server::sql_server_key
