#include "storage/sql_storage.hpp"

#include <algorithm>
#include <string>

#include "storage/migrations.hpp"
#include "storage/sql_admin_codes.hpp"
#include "storage/sql_origins.hpp"
#include "storage/sql_outbox.hpp"
#include "storage/sql_people.hpp"
#include "storage/sql_password_tokens.hpp"
#include "storage/sql_reset_requests.hpp"
#include "storage/sql_server_key.hpp"
#include "storage/sql_sessions.hpp"
#include "storage/sql_sign_in_flows.hpp"
#include "storage/sql_sso.hpp"
#include "storage/sql_throttles.hpp"
#include "storage/like_pattern.hpp"
#include "storage/sql_columns.hpp"
#include "storage/sql_dialect.hpp"
#include "storage/sql_two_factor.hpp"
#include "storage/sql_trusted_browsers.hpp"

namespace twofold::server {

namespace {

std::optional<int> optional_int_of(const std::optional<std::int64_t>& value) {
  return value ? std::optional(static_cast<int>(*value)) : std::nullopt;
}

constexpr std::string_view company_columns =
    "id, name, key, default_language, created_at, lock_minutes, trusted_browser_days, require_two_factor,"
    " two_factor_after_sso, second_factor_every_sign_in, second_factor_new_device, second_factor_new_location,"
    " disabled";

// The company columns from `first` on (a join reads them after another table's).
company_record read_company(const sql_statement& row, int first = 0) {
  return company_record{
      .id = row.column_int(first + 0),
      .name = row.column_text(first + 1),
      .key = row.column_text(first + 2),
      .default_language = row.column_text(first + 3),
      .created_at = timestamp_of(row.column_int(first + 4)),
      .lock_minutes = optional_int_of(row.column_optional_int(first + 5)),
      .trusted_browser_days = optional_int_of(row.column_optional_int(first + 6)),
      .require_two_factor = row.column_int(first + 7) != 0,
      .two_factor_after_sso = row.column_int(first + 8) != 0,
      .second_factor_every_sign_in = row.column_int(first + 9) != 0,
      .second_factor_new_device = row.column_int(first + 10) != 0,
      .second_factor_new_location = row.column_int(first + 11) != 0,
      .disabled = row.column_int(first + 12) != 0,
  };
}

constexpr std::string_view user_columns =
    "id, company_id, username, email, display_name, role, language, password_hash, created_at, disabled,"
    " code_failures, locked_at, locked_until, must_change_password, time_zone";

constexpr int user_column_count = column_count(user_columns);

// The user columns from `first` on, as read_company.
user_record read_user(const sql_statement& row, int first = 0) {
  return user_record{
      .id = row.column_int(first + 0),
      .company_id = row.column_int(first + 1),
      .username = row.column_text(first + 2),
      .email = row.column_text(first + 3),
      .display_name = row.column_text(first + 4),
      .role = row.column_text(first + 5),
      .language = row.column_optional_text(first + 6),
      .password_hash = row.column_text(first + 7),
      .created_at = timestamp_of(row.column_int(first + 8)),
      .disabled = row.column_int(first + 9) != 0,
      .code_failures = static_cast<int>(row.column_int(first + 10)),
      .locked_at = timestamp_of(row.column_optional_int(first + 11)),
      .locked_until = timestamp_of(row.column_optional_int(first + 12)),
      .must_change_password = row.column_int(first + 13) != 0,
      .time_zone = row.column_optional_text(first + 14),
  };
}

// Holds a database lock (sql_dialect.hpp) on one connection while it lives,
// or nothing. Released with the session if the connection breaks.
class held_lock {
 public:
  held_lock(sql_connection& db, std::optional<database_lock> lock) : db_(db), lock_(lock) {
    if (lock_) run(take_lock(db_.dialect(), *lock_));
  }
  ~held_lock() {
    try {
      if (lock_) run(release_lock(db_.dialect(), *lock_));
    } catch (const storage_failure&) {
      // The connection broke: the server ended its session and the lock with it.
    }
  }
  held_lock(const held_lock&) = delete;
  held_lock& operator=(const held_lock&) = delete;

 private:
  void run(std::string_view sql) {
    if (!sql.empty()) db_.execute(sql);
  }

  sql_connection& db_;
  std::optional<database_lock> lock_;
};

bool migration_applied(sql_connection& db, int version) {
  auto applied = db.prepare("SELECT count(*) FROM schema_migrations WHERE version = ?1");
  applied.bind(1, std::int64_t{version});
  return applied.step() && applied.column_int(0) > 0;
}

int schema_version_of(sql_connection& db) {
  auto exists = db.prepare(count_migrations_tables(db.dialect()));
  exists.step();
  if (exists.column_int(0) == 0) return 0;
  auto version = db.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
  version.step();
  return static_cast<int>(version.column_int(0));
}

std::optional<user_record> find_user_where(sql_connection& db, std::string_view column, row_id company_id,
                                           std::string_view value) {
  auto query = db.prepare("SELECT " + std::string(user_columns) + " FROM users WHERE company_id = ?1 AND " +
                          std::string(column) + " = ?2");
  query.bind(1, company_id).bind(2, value);
  if (!query.step()) return std::nullopt;
  return read_user(query);
}

// Statements are finished before the transaction commits: SQLite refuses to
// commit while one is still stepping.
bool any_company(sql_connection& db) {
  auto query = db.prepare("SELECT EXISTS (SELECT 1 FROM companies)");
  query.step();
  return query.column_int(0) != 0;
}

bool company_key_taken(sql_connection& db, std::string_view key) {
  auto query = db.prepare("SELECT EXISTS (SELECT 1 FROM companies WHERE key = ?1)");
  query.bind(1, key);
  query.step();
  return query.column_int(0) != 0;
}

row_id insert_company(sql_connection& db, const company_record& company) {
  auto insert = db.prepare(
      "INSERT INTO companies (name, key, default_language, created_at) VALUES (?1, ?2, ?3, ?4) RETURNING id");
  insert.bind(1, company.name)
      .bind(2, company.key)
      .bind(3, company.default_language)
      .bind(4, seconds_of(company.created_at));
  insert.step();
  const row_id id = insert.column_int(0);
  insert.run();
  return id;
}

row_id insert_user(sql_connection& db, row_id company_id, const user_record& user) {
  auto insert = db.prepare(
      "INSERT INTO users (company_id, username, email, display_name, role, language, password_hash,"
      " created_at, disabled, must_change_password) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id");
  insert.bind(1, company_id)
      .bind(2, user.username)
      .bind(3, user.email)
      .bind(4, user.display_name)
      .bind(5, user.role)
      .bind_optional(6, user.language)
      .bind(7, user.password_hash)
      .bind(8, seconds_of(user.created_at))
      .bind(9, std::int64_t{user.disabled ? 1 : 0})
      .bind(10, std::int64_t{user.must_change_password ? 1 : 0});
  insert.step();
  const row_id id = insert.column_int(0);
  insert.run();
  return id;
}

void apply_parts(sql_connection& db, const change_set& changes) {
  for_each_part(changes, [&db](const auto& part) { apply_part(db, part); });
}

}  // namespace

sql_storage::sql_storage(std::unique_ptr<sql_pool> pool) : pool_(std::move(pool)) {}

template <class work_type>
auto sql_storage::in_transaction(work_type&& work, sql_isolation isolation, std::optional<database_lock> lock) {
  for (int attempt = 1;; ++attempt) {
    try {
      const auto db = pool_->acquire();
      const held_lock held(*db, lock);
      sql_transaction transaction(*db, isolation);
      return work(*db, transaction);
    } catch (const storage_conflict&) {
      if (attempt == conflict_attempts) throw;
    }
  }
}

void sql_storage::migrate(timestamp now) {
  const sql_dialect dialect = pool_->dialect();
  const auto known = migrations_of(dialect);
  const int newest_known = known.back().version;
  // One connection throughout: it holds the lock, so no other server's
  // migration interleaves and none of these transactions can conflict.
  const auto db = pool_->acquire();
  const held_lock lock(*db, database_lock::migrations);
  {
    // A write begun as one (SQLite: BEGIN IMMEDIATE waits for another
    // server's write); begun as a read, SQLite would refuse the upgrade at
    // once while a server starting beside this one writes.
    sql_transaction transaction(*db);
    db->execute(create_migrations_table(dialect));
    transaction.commit();
  }
  for (const migration& step : known) {
    sql_transaction transaction(*db);
    // Read inside the transaction: another process may have migrated meanwhile.
    const int current = schema_version_of(*db);
    if (current > newest_known) {
      throw storage_failure("the database has schema version " + std::to_string(current) +
                            ", newer than this server's " + std::to_string(newest_known));
    }
    // Applied when not yet recorded, not merely when newer than the newest
    // applied: a migration that took a lower number on a parallel change
    // still runs after the higher ones.
    if (migration_applied(*db, step.version)) continue;
    db->execute(step.sql);
    db->prepare("INSERT INTO schema_migrations (version, description, applied_at) VALUES (?1, ?2, ?3)")
        .bind(1, std::int64_t{step.version})
        .bind(2, step.description)
        .bind(3, seconds_of(now))
        .run();
    transaction.commit();
  }
}

int sql_storage::schema_version() { return schema_version_of(*pool_->acquire_read()); }

std::optional<company_record> sql_storage::find_company(row_id id) {
  const auto db = pool_->acquire_read();
  auto query = db->prepare("SELECT " + std::string(company_columns) + " FROM companies WHERE id = ?1");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return read_company(query);
}

std::optional<company_record> sql_storage::find_company_by_key(std::string_view key) {
  const auto db = pool_->acquire_read();
  auto query = db->prepare("SELECT " + std::string(company_columns) + " FROM companies WHERE key = ?1");
  query.bind(1, key);
  if (!query.step()) return std::nullopt;
  return read_company(query);
}

std::optional<user_record> sql_storage::find_user(row_id id) {
  const auto db = pool_->acquire_read();
  auto query = db->prepare("SELECT " + std::string(user_columns) + " FROM users WHERE id = ?1");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return read_user(query);
}

std::optional<user_with_company> sql_storage::find_user_with_company(row_id user_id) {
  static const std::string sql = "SELECT " + qualified(user_columns, "u") + ", " + qualified(company_columns, "c") +
                                 " FROM users u JOIN companies c ON c.id = u.company_id WHERE u.id = ?1";
  const auto db = pool_->acquire_read();
  auto query = db->prepare(sql);
  query.bind(1, user_id);
  if (!query.step()) return std::nullopt;
  return user_with_company{.user = read_user(query), .company = read_company(query, user_column_count)};
}

std::optional<user_record> sql_storage::find_user_by_username(row_id company_id, std::string_view username) {
  return find_user_where(*pool_->acquire_read(), "username", company_id, username);
}

std::optional<user_record> sql_storage::find_user_by_email(row_id company_id, std::string_view email) {
  return find_user_where(*pool_->acquire_read(), "email", company_id, email);
}

std::optional<session_with_user> sql_storage::find_session(const session_token_hash& token_hash) {
  static const std::string sql = "SELECT " + qualified(sql_sessions::columns, "s") + ", " +
                                 qualified(user_columns, "u") + ", " + qualified(company_columns, "c") +
                                 " FROM sessions s JOIN users u ON u.id = s.user_id"
                                 " JOIN companies c ON c.id = u.company_id WHERE s.token_hash = ?1";
  constexpr int user_first = column_count(sql_sessions::columns);
  const auto db = pool_->acquire_read();
  auto query = db->prepare(sql);
  query.bind_blob(1, token_hash);
  if (!query.step()) return std::nullopt;
  return session_with_user{
      .session = sql_sessions::read(query),
      .owner = {.user = read_user(query, user_first),
                .company = read_company(query, user_first + user_column_count)},
  };
}

std::optional<session_record> sql_storage::find_session_by_id(row_id id) {
  const auto db = pool_->acquire_read();
  return sql_sessions::find_by_id(*db, id);
}

std::vector<session_overview_record> sql_storage::list_sessions(row_id user_id, const expired_sessions& live) {
  const auto db = pool_->acquire_read();
  return sql_sessions::list_for_user(*db, user_id, live);
}

session_overview_page sql_storage::list_company_sessions(row_id company_id, const expired_sessions& live,
                                                            std::int64_t offset, std::int64_t limit) {
  const auto db = pool_->acquire_read();
  return sql_sessions::list_for_company(*db, company_id, live, offset, limit);
}

known_origin_record sql_storage::find_known_origin(row_id user_id,
                                                      const std::optional<session_token_hash>& device_hash,
                                                      std::string_view place_key) {
  const auto db = pool_->acquire_read();
  return sql_origins::find_known(*db, user_id, device_hash, place_key);
}

std::vector<device_record> sql_storage::list_devices(row_id user_id) {
  const auto db = pool_->acquire_read();
  return sql_origins::list_devices(*db, user_id);
}

std::vector<location_record> sql_storage::list_locations(row_id user_id) {
  const auto db = pool_->acquire_read();
  return sql_origins::list_locations(*db, user_id);
}

std::vector<activity_hour_record> sql_storage::count_activity(row_id company_id, const activity_query_record& query) {
  const auto db = pool_->acquire_read();
  return sql_people::count_activity(*db, company_id, query);
}

user_page_record sql_storage::list_users(row_id company_id, std::string_view search, std::int64_t offset,
                                            std::int64_t limit) {
  const auto db = pool_->acquire_read();
  const std::string matches =
      " FROM users u WHERE u.company_id = ?1 AND (lower(u.display_name) LIKE ?2 ESCAPE '\\'"
      " OR lower(u.username) LIKE ?2 ESCAPE '\\' OR lower(u.email) LIKE ?2 ESCAPE '\\')";
  const std::string pattern = contains_pattern(search);
  user_page_record page;
  {
    auto count = db->prepare("SELECT count(*)" + matches);
    count.bind(1, company_id).bind(2, pattern);
    count.step();
    page.total = count.column_int(0);
  }
  auto query = db->prepare(
      "SELECT " + qualified(user_columns, "u") +
      ", (SELECT method FROM two_factor WHERE user_id = u.id),"
      " (SELECT max(created_at) FROM audit_events WHERE user_id = u.id"
      "  AND event IN ('sign_in.succeeded', 'second_step.succeeded'))" +
      matches + " ORDER BY lower(u.display_name), u.id LIMIT ?3 OFFSET ?4");
  query.bind(1, company_id).bind(2, pattern).bind(3, limit).bind(4, offset);
  // After the user's columns: its 2FA method, then its last sign-in.
  constexpr int method_column = user_column_count;
  while (query.step()) {
    page.users.push_back(user_overview_record{
        .user = read_user(query),
        .two_factor_method = query.column_optional_text(method_column),
        .last_sign_in_at = timestamp_of(query.column_optional_int(method_column + 1))});
  }
  return page;
}

audit_page_record sql_storage::list_audit_events(row_id company_id, const audit_query_record& query,
                                                   std::int64_t offset, std::int64_t limit) {
  const auto db = pool_->acquire_read();
  return sql_people::list_audit_events(*db, company_id, query, offset, limit);
}

code_send_history_record sql_storage::code_sends_since(row_id user_id, timestamp since) {
  const auto db = pool_->acquire_read();
  auto query = db->prepare("SELECT count(*), min(sent_at) FROM code_sends WHERE user_id = ?1 AND sent_at > ?2");
  query.bind(1, user_id).bind(2, seconds_of(since));
  query.step();
  return {.count = static_cast<int>(query.column_int(0)), .oldest = timestamp_of(query.column_optional_int(1))};
}

std::int64_t sql_storage::delete_audit_events_before(timestamp before) {
  const auto db = pool_->acquire();
  db->prepare("DELETE FROM audit_events WHERE created_at < ?1").bind(1, seconds_of(before)).run();
  return db->changed_rows();
}

std::int64_t sql_storage::delete_expired_sessions(const expired_sessions& expired) {
  const auto db = pool_->acquire();
  return sql_sessions::delete_expired(*db, expired);
}

std::int64_t sql_storage::delete_sent_messages_before(timestamp before) {
  const auto db = pool_->acquire();
  return sql_outbox::delete_sent_before(*db, sql_outbox::queue::mail, before) +
         sql_outbox::delete_sent_before(*db, sql_outbox::queue::sms, before);
}

std::int64_t sql_storage::delete_ended_trusted_browsers(timestamp now) {
  const auto db = pool_->acquire();
  return sql_trusted_browsers::delete_ended(*db, now);
}

bool sql_storage::has_companies() { return any_company(*pool_->acquire_read()); }

bool sql_storage::create_first_company(const company_record& company, const std::vector<user_record>& users) {
  return in_transaction([&](sql_connection& db, sql_transaction& transaction) {
    if (any_company(db)) return false;
    const row_id company_id = insert_company(db, company);
    for (const user_record& user : users) insert_user(db, company_id, user);
    transaction.commit();
    return true;
  });
}

std::vector<company_overview_record> sql_storage::list_companies() {
  const auto db = pool_->acquire_read();
  auto query = db->prepare(
      "SELECT " + std::string(company_columns) +
      ", (SELECT count(*) FROM users u WHERE u.company_id = companies.id AND u.role = 'admin' AND u.disabled = 0),"
      " (SELECT count(*) FROM users u WHERE u.company_id = companies.id) FROM companies ORDER BY id");
  std::vector<company_overview_record> companies;
  while (query.step()) {
    companies.push_back({.company = read_company(query), .admins = query.column_int(13), .people = query.column_int(14)});
  }
  return companies;
}

std::optional<created_company> sql_storage::create_company(
    const company_record& company, const user_record& admin,
    const std::function<change_set(const created_company&)>& then) {
  change_set rest;
  const auto created = in_transaction(
      [&](sql_connection& db, sql_transaction& transaction) -> std::optional<created_company> {
        if (company_key_taken(db, company.key)) return std::nullopt;
        created_company ids;
        ids.company_id = insert_company(db, company);
        ids.admin_id = insert_user(db, ids.company_id, admin);
        rest = then(ids);
        if (!sql_two_factor::apply_guards(db, rest.guards)) return std::nullopt;  // rolled back
        apply_parts(db, rest);
        transaction.commit();
        return ids;
      });
  if (created) tell_listeners(rest);
  return created;
}

std::optional<row_id> sql_storage::create_user(const user_record& user,
                                              const std::function<change_set(row_id)>& then) {
  change_set rest;
  const auto created = in_transaction([&](sql_connection& db, sql_transaction& transaction) -> std::optional<row_id> {
    {
      auto taken = db.prepare(
          "SELECT EXISTS (SELECT 1 FROM users WHERE company_id = ?1 AND (username = ?2 OR email = ?3))");
      taken.bind(1, user.company_id).bind(2, user.username).bind(3, user.email);
      taken.step();
      if (taken.column_int(0) != 0) return std::nullopt;
    }
    const row_id id = insert_user(db, user.company_id, user);
    rest = then(id);
    if (!sql_two_factor::apply_guards(db, rest.guards)) return std::nullopt;  // rolled back
    apply_parts(db, rest);
    transaction.commit();
    return id;
  });
  if (created) tell_listeners(rest);
  return created;
}

std::optional<password_token_record> sql_storage::find_password_token(const session_token_hash& token_hash) {
  const auto db = pool_->acquire_read();
  return sql_password_tokens::find_token(*db, token_hash);
}

bool sql_storage::apply(const change_set& changes) {
  const bool committed = in_transaction([&](sql_connection& db, sql_transaction& transaction) {
    if (!sql_two_factor::apply_guards(db, changes.guards)) return false;  // rolled back
    apply_parts(db, changes);
    transaction.commit();
    return true;
  }, sql_two_factor::isolation_for(changes.guards));
  if (committed) tell_listeners(changes);
  return committed;
}

std::optional<int> sql_storage::claim_code_attempt(const code_attempt& claim) {
  return in_transaction([&](sql_connection& db, sql_transaction& transaction) {
    const auto number = sql_two_factor::claim_code_attempt(db, claim);
    transaction.commit();
    return number;
  }, sql_isolation::read_committed);
}

std::optional<int> sql_storage::claim_code_attempt(const code_attempt& claim,
                                                   const std::function<change_set(int)>& then) {
  change_set rest;
  const auto number = in_transaction([&](sql_connection& db, sql_transaction& transaction) -> std::optional<int> {
    const auto claimed = sql_two_factor::claim_code_attempt(db, claim);
    if (!claimed) return std::nullopt;  // rolled back
    rest = then(*claimed);
    if (!sql_two_factor::apply_guards(db, rest.guards)) return std::nullopt;  // rolled back
    apply_parts(db, rest);
    transaction.commit();
    return claimed;
  }, sql_isolation::read_committed);
  if (number) tell_listeners(rest);
  return number;
}

std::optional<two_factor_record> sql_storage::find_two_factor(row_id user_id) {
  const auto db = pool_->acquire_read();
  return sql_two_factor::find_method(*db, user_id);
}

std::optional<two_factor_setup_record> sql_storage::find_two_factor_setup(row_id user_id) {
  const auto db = pool_->acquire_read();
  return sql_two_factor::find_setup(*db, user_id);
}

std::optional<backup_code_set> sql_storage::find_backup_codes(row_id user_id) {
  const auto db = pool_->acquire_read();
  return sql_two_factor::find_backup_codes(*db, user_id);
}

std::optional<sign_in_flow_record> sql_storage::find_sign_in_flow(const session_token_hash& token_hash) {
  const auto db = pool_->acquire_read();
  return sql_sign_in_flows::find(*db, token_hash);
}

std::vector<sso_provider_record> sql_storage::list_sso_providers(row_id company_id) {
  const auto db = pool_->acquire_read();
  return sql_sso::list_providers(*db, company_id);
}

std::optional<sso_identity_record> sql_storage::find_sso_identity(std::string_view issuer, std::string_view subject) {
  const auto db = pool_->acquire_read();
  return sql_sso::find_identity(*db, issuer, subject);
}

std::vector<sso_identity_record> sql_storage::list_sso_identities(row_id user_id) {
  const auto db = pool_->acquire_read();
  return sql_sso::list_identities(*db, user_id);
}

std::optional<sso_start_record> sql_storage::find_sso_start(const session_token_hash& state_hash) {
  const auto db = pool_->acquire_read();
  return sql_sso::find_start(*db, state_hash);
}

std::optional<admin_code_record> sql_storage::find_admin_code(row_id user_id) {
  const auto db = pool_->acquire_read();
  return sql_admin_codes::find(*db, user_id);
}

std::vector<admin_code_record> sql_storage::list_admin_codes(row_id company_id, timestamp now) {
  const auto db = pool_->acquire_read();
  return sql_admin_codes::list(*db, company_id, now);
}

std::optional<trusted_browser_record> sql_storage::find_trusted_browser(const session_token_hash& token_hash) {
  const auto db = pool_->acquire_read();
  return sql_trusted_browsers::find(*db, token_hash);
}

std::vector<trusted_browser_record> sql_storage::list_trusted_browsers(row_id user_id) {
  const auto db = pool_->acquire_read();
  return sql_trusted_browsers::list(*db, user_id);
}

void sql_storage::tell_listeners(const change_set& committed) const {
  if (!committed.mail.empty() && mail_listener_) mail_listener_();
  if (!committed.sms.empty() && sms_listener_) sms_listener_();
  if (!committed.reset_requests.empty() && reset_request_listener_) reset_request_listener_();
}

std::vector<password_reset_request_record> sql_storage::claim_reset_requests(timestamp now, std::size_t limit,
                                                                                timestamp lease_until,
                                                                                timestamp stale_before) {
  return in_transaction([&](sql_connection& db, sql_transaction& transaction) {
    auto claimed = sql_reset_requests::claim(db, now, limit, lease_until, stale_before);
    transaction.commit();
    return claimed;
  });
}

// read_committed: the claim is one UPDATE whose rows are locked as chosen
// (sql_dialect's skip_locked_rows), so parallel claims neither conflict nor wait.
std::vector<outbox_mail_record> sql_storage::claim_due_mail(timestamp now, std::size_t limit,
                                                               std::string_view claimer, timestamp lease_until) {
  return in_transaction([&](sql_connection& db, sql_transaction& transaction) {
    auto claimed = sql_outbox::claim_mail(db, now, limit, claimer, lease_until);
    transaction.commit();
    return claimed;
  }, sql_isolation::read_committed);
}

std::optional<timestamp> sql_storage::next_mail_due() {
  const auto db = pool_->acquire_read();
  return sql_outbox::next_due(*db, sql_outbox::queue::mail);
}

void sql_storage::mark_mail_sent(row_id id, timestamp sent_at) {
  const auto db = pool_->acquire();
  sql_outbox::mark_sent(*db, sql_outbox::queue::mail, id, sent_at);
}

void sql_storage::release_unsent_mail(std::string_view claimer, timestamp now) {
  const auto db = pool_->acquire();
  sql_outbox::release_unsent(*db, sql_outbox::queue::mail, claimer, now);
}

void sql_storage::record_mail_failure(row_id id, std::string_view claimer, std::string_view error,
                                      timestamp next_attempt_at) {
  const auto db = pool_->acquire();
  sql_outbox::record_failure(*db, sql_outbox::queue::mail, id, claimer, error, next_attempt_at);
}

std::vector<outbox_sms_record> sql_storage::claim_due_sms(timestamp now, std::size_t limit, std::string_view claimer,
                                                             timestamp lease_until) {
  return in_transaction([&](sql_connection& db, sql_transaction& transaction) {
    auto claimed = sql_outbox::claim_sms(db, now, limit, claimer, lease_until);
    transaction.commit();
    return claimed;
  }, sql_isolation::read_committed);
}

outbox_backlog_record sql_storage::mail_backlog() {
  const auto db = pool_->acquire_read();
  return sql_outbox::backlog(*db, sql_outbox::queue::mail);
}

outbox_backlog_record sql_storage::sms_backlog() {
  const auto db = pool_->acquire_read();
  return sql_outbox::backlog(*db, sql_outbox::queue::sms);
}

void sql_storage::update_throttle(const std::vector<throttle_slot>& slots, timestamp now, const throttle_step& step) {
  in_transaction([&](sql_connection& db, sql_transaction& transaction) {
    sql_throttles::update(db, slots, now, step);
    transaction.commit();
  }, sql_isolation::serializable, database_lock::throttles);
}

std::vector<std::optional<throttle_record>> sql_storage::find_throttle_records(const std::vector<throttle_slot>& slots) {
  const auto db = pool_->acquire_read();
  return sql_throttles::find(*db, slots);
}

std::size_t sql_storage::count_throttle_records(std::string_view table) {
  const auto db = pool_->acquire_read();
  return static_cast<std::size_t>(sql_throttles::count(*db, table));
}

std::string sql_storage::claim_server_key_fingerprint(std::string_view fingerprint, timestamp now) {
  return in_transaction([&](sql_connection& db, sql_transaction& transaction) {
    auto held = sql_server_key::claim_fingerprint(db, fingerprint, now);
    transaction.commit();
    return held;
  });
}

std::optional<std::string> sql_storage::readiness_problem() { return pool_->readiness_problem(); }

std::optional<timestamp> sql_storage::next_sms_due() {
  const auto db = pool_->acquire_read();
  return sql_outbox::next_due(*db, sql_outbox::queue::sms);
}

void sql_storage::mark_sms_sent(row_id id, timestamp sent_at) {
  const auto db = pool_->acquire();
  sql_outbox::mark_sent(*db, sql_outbox::queue::sms, id, sent_at);
}

void sql_storage::release_unsent_sms(std::string_view claimer, timestamp now) {
  const auto db = pool_->acquire();
  sql_outbox::release_unsent(*db, sql_outbox::queue::sms, claimer, now);
}

void sql_storage::record_sms_failure(row_id id, std::string_view claimer, std::string_view error,
                                     timestamp next_attempt_at) {
  const auto db = pool_->acquire();
  sql_outbox::record_failure(*db, sql_outbox::queue::sms, id, claimer, error, next_attempt_at);
}

}  // namespace twofold::server
