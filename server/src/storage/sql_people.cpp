#include "storage/sql_people.hpp"

#include <cctype>
#include <string>

#include "storage/like_pattern.hpp"
#include "storage/sql_columns.hpp"
#include "storage/sql_dialect.hpp"

namespace twofold::server::sql_people {

namespace {

bool selected_true(sql_statement& query) {
  query.step();
  return query.column_int(0) != 0;
}

// The schema's ON DELETE CASCADE would remove these too; naming them keeps
// "everything of theirs" readable here. audit_events.user_id is ON DELETE
// SET NULL, so the events are first marked with whom they were about, and
// the ones they did as an administrator with who acted (a later user may
// get the same id, and must not seem to have done it).
void delete_user(sql_connection& db, row_id user_id) {
  const sql_dialect dialect = db.dialect();
  const std::string user =
      json_object_of(dialect, {{"id", "?1"}, {"username", "(SELECT username FROM users WHERE id = ?1)"}});
  db.prepare("UPDATE audit_events SET detail = " + json_set_at(dialect, "detail", "deleted_user", user) +
             " WHERE user_id = ?1")
      .bind(1, user_id)
      .run();
  db.prepare("UPDATE audit_events SET detail = " + json_set_at(dialect, "detail", "deleted_by_user", user) +
             " WHERE company_id = (SELECT company_id FROM users WHERE id = ?1)"
             " AND " + json_integer_at(dialect, "detail", "by_user_id") + " = ?1")
      .bind(1, user_id)
      .run();
  for (const std::string_view table : {"sessions", "sign_in_flows", "two_factor_setups", "backup_codes", "two_factor"}) {
    db.prepare("DELETE FROM " + std::string(table) + " WHERE user_id = ?1").bind(1, user_id).run();
  }
  db.prepare("DELETE FROM users WHERE id = ?1").bind(1, user_id).run();
}

// u: the user the event is about; b: the administrator who acted, unless
// deleted since (then detail.deleted_by_user names them). ?3, the account
// searched for, is a lower-case LIKE pattern.
std::string audit_matches(sql_dialect dialect) {
  const auto lower_like = [](const std::string& text) { return "lower(" + text + ") LIKE ?3 ESCAPE '\\'"; };
  const auto about = [&](const std::string& user, std::string_view deleted) {
    return lower_like(user + ".display_name") + " OR " + lower_like(user + ".username") + " OR " +
           lower_like(user + ".email") + " OR " + lower_like(json_text_at(dialect, "a.detail", deleted));
  };
  return " FROM audit_events a LEFT JOIN users u ON u.id = a.user_id"
         " LEFT JOIN users b ON b.id = " + json_integer_at(dialect, "a.detail", "by_user_id") +
         " AND b.company_id = a.company_id AND " + json_text_at(dialect, "a.detail", "deleted_by_user") + " IS NULL"
         " WHERE a.company_id = ?1"
         " AND (?2 IS NULL OR a.user_id = ?2 OR (b.id = ?2 AND ?7 = 0))"
         " AND (?3 IS NULL OR " + about("u", "deleted_user.username") + " OR " +
         about("b", "deleted_by_user.username") + ")"
         " AND (?4 IS NULL OR a.event = ?4)"
         " AND (?5 IS NULL OR a.created_at >= ?5)"
         " AND (?6 IS NULL OR a.created_at <= ?6)";
}

void bind_audit_query(sql_statement& statement, row_id company_id, const audit_query_record& query) {
  statement.bind(1, company_id)
      .bind_optional(2, query.user_id)
      .bind_optional(3, query.account ? std::optional(contains_pattern(*query.account)) : std::nullopt)
      .bind_optional(4, query.event)
      .bind_optional(5, seconds_of(query.from))
      .bind_optional(6, seconds_of(query.to))
      .bind(7, std::int64_t{query.about_user_only ? 1 : 0});
}

}  // namespace

bool apply_guard(sql_connection& db, const active_admin& condition) {
  auto query = db.prepare(
      "SELECT EXISTS (SELECT 1 FROM users WHERE id = ?1 AND company_id = ?2 AND role = 'admin' AND disabled = 0)");
  query.bind(1, condition.user_id).bind(2, condition.company_id);
  return selected_true(query);
}

bool apply_guard(sql_connection& db, const person_exists& condition) {
  auto query = db.prepare("SELECT EXISTS (SELECT 1 FROM users WHERE id = ?1 AND company_id = ?2)");
  query.bind(1, condition.user_id).bind(2, condition.company_id);
  return selected_true(query);
}

bool apply_guard(sql_connection& db, const email_free& condition) {
  auto query =
      db.prepare("SELECT NOT EXISTS (SELECT 1 FROM users WHERE company_id = ?1 AND email = ?2 AND id <> ?3)");
  query.bind(1, condition.company_id).bind(2, condition.email).bind(3, condition.except_user_id);
  return selected_true(query);
}

std::vector<activity_hour_record> count_activity(sql_connection& db, row_id company_id,
                                                const activity_query_record& query) {
  const auto count_of = [&db](std::string_view events) {
    return "sum(CASE WHEN event IN (" + json_array_texts(db.dialect(), events) + ") THEN 1 ELSE 0 END)";
  };
  auto rows = db.prepare("SELECT created_at / 3600 * 3600, " + count_of("?4") + ", " + count_of("?5") +
                         " FROM audit_events WHERE company_id = ?1 AND created_at >= ?2 AND created_at < ?3"
                         " GROUP BY created_at / 3600 ORDER BY 1");
  rows.bind(1, company_id)
      .bind(2, seconds_of(query.from))
      .bind(3, seconds_of(query.to))
      .bind(4, query.sign_in_events_json)
      .bind(5, query.failure_events_json);
  std::vector<activity_hour_record> hours;
  while (rows.step()) {
    hours.push_back({.hour_start = rows.column_int(0), .sign_ins = rows.column_int(1), .failures = rows.column_int(2)});
  }
  return hours;
}

audit_page_record list_audit_events(sql_connection& db, row_id company_id, const audit_query_record& query,
                                    std::int64_t offset, std::int64_t limit) {
  audit_page_record page;
  {
    auto count = db.prepare("SELECT count(*)" + audit_matches(db.dialect()));
    bind_audit_query(count, company_id, query);
    count.step();
    page.total = count.column_int(0);
  }
  auto rows = db.prepare(
      "SELECT a.id, a.company_id, a.user_id, a.event, a.ip, a.user_agent, a.detail, a.created_at,"
      " u.username, u.display_name, b.username, b.display_name" +
      audit_matches(db.dialect()) + " ORDER BY a.created_at DESC, a.id DESC LIMIT ?8 OFFSET ?9");
  bind_audit_query(rows, company_id, query);
  rows.bind(8, limit).bind(9, offset);
  while (rows.step()) {
    page.events.push_back(audit_entry_record{
        .id = rows.column_int(0),
        .event = audit_event_record{.company_id = rows.column_optional_int(1),
                                    .user_id = rows.column_optional_int(2),
                                    .event = rows.column_text(3),
                                    .ip = rows.column_text(4),
                                    .user_agent = rows.column_text(5),
                                    .detail_json = rows.column_text(6),
                                    .created_at = timestamp_of(rows.column_int(7)),
                                    .tally_key = std::nullopt},
        .username = rows.column_optional_text(8),
        .display_name = rows.column_optional_text(9),
        .actor_username = rows.column_optional_text(10),
        .actor_display_name = rows.column_optional_text(11),
    });
  }
  return page;
}

}  // namespace twofold::server::sql_people

namespace twofold::server {

void apply_part(sql_connection& db, const people_changes& changes) {
  for (const auto& change : changes.profiles) {
    db.prepare("UPDATE users SET display_name = ?2, email = ?3, role = ?4, language = ?5 WHERE id = ?1")
        .bind(1, change.user_id)
        .bind(2, change.display_name)
        .bind(3, change.email)
        .bind(4, change.role)
        .bind_optional(5, change.language)
        .run();
  }
  for (const auto& change : changes.disabled) {
    db.prepare("UPDATE users SET disabled = ?2 WHERE id = ?1")
        .bind(1, change.user_id)
        .bind(2, std::int64_t{change.disabled ? 1 : 0})
        .run();
  }
  for (const auto& change : changes.languages) {
    db.prepare("UPDATE users SET language = ?2 WHERE id = ?1").bind(1, change.user_id).bind_optional(2, change.language).run();
  }
  for (const auto& change : changes.time_zones) {
    db.prepare("UPDATE users SET time_zone = ?2 WHERE id = ?1").bind(1, change.user_id).bind_optional(2, change.time_zone).run();
  }
  for (const row_id user_id : changes.deleted) sql_people::delete_user(db, user_id);
  for (const auto& change : changes.companies_disabled) {
    db.prepare("UPDATE companies SET disabled = ?2 WHERE id = ?1")
        .bind(1, change.company_id)
        .bind(2, std::int64_t{change.disabled ? 1 : 0})
        .run();
  }
}

}  // namespace twofold::server
