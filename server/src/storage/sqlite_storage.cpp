#include "storage/sqlite_storage.hpp"

#include <algorithm>
#include <string>

#include "storage/migrations.hpp"
#include "storage/sqlite_admin_codes.hpp"
#include "storage/sqlite_origins.hpp"
#include "storage/sqlite_outbox.hpp"
#include "storage/sqlite_people.hpp"
#include "storage/sqlite_password_tokens.hpp"
#include "storage/sqlite_reset_requests.hpp"
#include "storage/sqlite_server_key.hpp"
#include "storage/sqlite_sessions.hpp"
#include "storage/sqlite_sign_in_flows.hpp"
#include "storage/sqlite_sso.hpp"
#include "storage/sqlite_throttles.hpp"
#include "storage/like_pattern.hpp"
#include "storage/sqlite_time.hpp"
#include "storage/sqlite_two_factor.hpp"
#include "storage/sqlite_trusted_browsers.hpp"

namespace twofold::server {

namespace {

// How long /readyz waits for another writer's lock: every sign-in writes,
// so a database that cannot be written within this is not ready.
constexpr std::chrono::milliseconds readiness_wait{500};

std::filesystem::path database_file(const std::filesystem::path& data_dir) {
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  if (error) throw storage_failure("cannot create data directory " + data_dir.string() + ": " + error.message());
  return data_dir / sqlite_storage::file_name;
}

std::optional<int> optional_int_of(const std::optional<std::int64_t>& value) {
  return value ? std::optional(static_cast<int>(*value)) : std::nullopt;
}

constexpr std::string_view company_columns =
    "id, name, key, default_language, created_at, lock_minutes, trusted_browser_days, require_two_factor,"
    " two_factor_after_sso, second_factor_every_sign_in, second_factor_new_device, second_factor_new_location,"
    " disabled";

company_record read_company(const sqlite_statement& row) {
  return company_record{
      .id = row.column_int(0),
      .name = row.column_text(1),
      .key = row.column_text(2),
      .default_language = row.column_text(3),
      .created_at = timestamp_of(row.column_int(4)),
      .lock_minutes = optional_int_of(row.column_optional_int(5)),
      .trusted_browser_days = optional_int_of(row.column_optional_int(6)),
      .require_two_factor = row.column_int(7) != 0,
      .two_factor_after_sso = row.column_int(8) != 0,
      .second_factor_every_sign_in = row.column_int(9) != 0,
      .second_factor_new_device = row.column_int(10) != 0,
      .second_factor_new_location = row.column_int(11) != 0,
      .disabled = row.column_int(12) != 0,
  };
}

constexpr std::string_view user_columns =
    "id, company_id, username, email, display_name, role, language, password_hash, created_at, disabled,"
    " code_failures, locked_at, locked_until, must_change_password, time_zone";

user_record read_user(const sqlite_statement& row) {
  return user_record{
      .id = row.column_int(0),
      .company_id = row.column_int(1),
      .username = row.column_text(2),
      .email = row.column_text(3),
      .display_name = row.column_text(4),
      .role = row.column_text(5),
      .language = row.column_optional_text(6),
      .password_hash = row.column_text(7),
      .created_at = timestamp_of(row.column_int(8)),
      .disabled = row.column_int(9) != 0,
      .code_failures = static_cast<int>(row.column_int(10)),
      .locked_at = timestamp_of(row.column_optional_int(11)),
      .locked_until = timestamp_of(row.column_optional_int(12)),
      .must_change_password = row.column_int(13) != 0,
      .time_zone = row.column_optional_text(14),
  };
}

}  // namespace

sqlite_storage::sqlite_storage(const std::filesystem::path& data_dir)
    : file_(database_file(data_dir)), connection_(file_) {}

void sqlite_storage::migrate(timestamp now) {
  std::lock_guard lock(mutex_);
  connection_.execute(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)");
  const auto known = sqlite_migrations();
  const int newest_known = known.back().version;
  for (const migration& step : known) {
    sqlite_transaction transaction(connection_);
    // Read inside the transaction: another process may have migrated meanwhile.
    const int current = schema_version_locked();
    if (current > newest_known) {
      throw storage_failure("the database has schema version " + std::to_string(current) +
                            ", newer than this server's " + std::to_string(newest_known));
    }
    // Applied when not yet recorded, not merely when newer than the newest
    // applied: a migration that took a lower number on a parallel change
    // still runs after the higher ones.
    if (migration_applied(step.version)) continue;
    connection_.execute(step.sql);
    connection_.prepare("INSERT INTO schema_migrations (version, description, applied_at) VALUES (?1, ?2, ?3)")
        .bind(1, std::int64_t{step.version})
        .bind(2, step.description)
        .bind(3, seconds_of(now))
        .run();
    transaction.commit();
  }
}

int sqlite_storage::schema_version() {
  std::lock_guard lock(mutex_);
  return schema_version_locked();
}

bool sqlite_storage::migration_applied(int version) {
  auto applied = connection_.prepare("SELECT count(*) FROM schema_migrations WHERE version = ?1");
  applied.bind(1, std::int64_t{version});
  return applied.step() && applied.column_int(0) > 0;
}

int sqlite_storage::schema_version_locked() {
  auto exists =
      connection_.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  exists.step();
  if (exists.column_int(0) == 0) return 0;
  auto version = connection_.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
  version.step();
  return static_cast<int>(version.column_int(0));
}

std::optional<company_record> sqlite_storage::find_company(row_id id) {
  std::lock_guard lock(mutex_);
  auto query = connection_.prepare("SELECT " + std::string(company_columns) + " FROM companies WHERE id = ?1");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return read_company(query);
}

std::optional<company_record> sqlite_storage::find_company_by_key(std::string_view key) {
  std::lock_guard lock(mutex_);
  auto query = connection_.prepare("SELECT " + std::string(company_columns) + " FROM companies WHERE key = ?1");
  query.bind(1, key);
  if (!query.step()) return std::nullopt;
  return read_company(query);
}

std::optional<user_record> sqlite_storage::find_user(row_id id) {
  std::lock_guard lock(mutex_);
  auto query = connection_.prepare("SELECT " + std::string(user_columns) + " FROM users WHERE id = ?1");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return read_user(query);
}

std::optional<user_record> sqlite_storage::find_user_by_username(row_id company_id, std::string_view username) {
  std::lock_guard lock(mutex_);
  return find_user_where("username", company_id, username);
}

std::optional<user_record> sqlite_storage::find_user_by_email(row_id company_id, std::string_view email) {
  std::lock_guard lock(mutex_);
  return find_user_where("email", company_id, email);
}

std::optional<user_record> sqlite_storage::find_user_where(std::string_view column, row_id company_id,
                                                           std::string_view value) {
  auto query = connection_.prepare("SELECT " + std::string(user_columns) + " FROM users WHERE company_id = ?1 AND " +
                                   std::string(column) + " = ?2");
  query.bind(1, company_id).bind(2, value);
  if (!query.step()) return std::nullopt;
  return read_user(query);
}

std::optional<session_record> sqlite_storage::find_session(const session_token_hash& token_hash) {
  std::lock_guard lock(mutex_);
  return sqlite_sessions::find(connection_, token_hash);
}

std::optional<session_record> sqlite_storage::find_session_by_id(row_id id) {
  std::lock_guard lock(mutex_);
  return sqlite_sessions::find_by_id(connection_, id);
}

std::vector<session_overview_record> sqlite_storage::list_sessions(row_id user_id, const expired_sessions& live) {
  std::lock_guard lock(mutex_);
  return sqlite_sessions::list_for_user(connection_, user_id, live);
}

session_overview_page sqlite_storage::list_company_sessions(row_id company_id, const expired_sessions& live,
                                                            std::int64_t offset, std::int64_t limit) {
  std::lock_guard lock(mutex_);
  return sqlite_sessions::list_for_company(connection_, company_id, live, offset, limit);
}

known_origin_record sqlite_storage::find_known_origin(row_id user_id,
                                                      const std::optional<session_token_hash>& device_hash,
                                                      std::string_view place_key) {
  std::lock_guard lock(mutex_);
  return sqlite_origins::find_known(connection_, user_id, device_hash, place_key);
}

std::vector<device_record> sqlite_storage::list_devices(row_id user_id) {
  std::lock_guard lock(mutex_);
  return sqlite_origins::list_devices(connection_, user_id);
}

std::vector<location_record> sqlite_storage::list_locations(row_id user_id) {
  std::lock_guard lock(mutex_);
  return sqlite_origins::list_locations(connection_, user_id);
}

std::vector<activity_hour_record> sqlite_storage::count_activity(row_id company_id, const activity_query_record& query) {
  std::lock_guard lock(mutex_);
  return sqlite_people::count_activity(connection_, company_id, query);
}

user_page_record sqlite_storage::list_users(row_id company_id, std::string_view search, std::int64_t offset,
                                            std::int64_t limit) {
  std::lock_guard lock(mutex_);
  const std::string matches =
      " FROM users u WHERE u.company_id = ?1 AND (lower(u.display_name) LIKE ?2 ESCAPE '\\'"
      " OR u.username LIKE ?2 ESCAPE '\\' OR u.email LIKE ?2 ESCAPE '\\')";
  const std::string pattern = contains_pattern(search);
  user_page_record page;
  {
    auto count = connection_.prepare("SELECT count(*)" + matches);
    count.bind(1, company_id).bind(2, pattern);
    count.step();
    page.total = count.column_int(0);
  }
  std::string columns;
  for (const auto column : {"id", "company_id", "username", "email", "display_name", "role", "language",
                            "password_hash", "created_at", "disabled", "code_failures", "locked_at", "locked_until",
                            "must_change_password"}) {
    columns += std::string(columns.empty() ? "" : ", ") + "u." + column;
  }
  auto query = connection_.prepare(
      "SELECT " + columns +
      ", (SELECT method FROM two_factor WHERE user_id = u.id),"
      " (SELECT max(created_at) FROM audit_events WHERE user_id = u.id"
      "  AND event IN ('sign_in.succeeded', 'second_step.succeeded'))" +
      matches + " ORDER BY lower(u.display_name), u.id LIMIT ?3 OFFSET ?4");
  query.bind(1, company_id).bind(2, pattern).bind(3, limit).bind(4, offset);
  while (query.step()) {
    page.users.push_back(user_overview_record{.user = read_user(query),
                                              .two_factor_method = query.column_optional_text(14),
                                              .last_sign_in_at = timestamp_of(query.column_optional_int(15))});
  }
  return page;
}

audit_page_record sqlite_storage::list_audit_events(row_id company_id, const audit_query_record& query,
                                                   std::int64_t offset, std::int64_t limit) {
  std::lock_guard lock(mutex_);
  return sqlite_people::list_audit_events(connection_, company_id, query, offset, limit);
}

code_send_history_record sqlite_storage::code_sends_since(row_id user_id, timestamp since) {
  std::lock_guard lock(mutex_);
  auto query = connection_.prepare("SELECT count(*), min(sent_at) FROM code_sends WHERE user_id = ?1 AND sent_at > ?2");
  query.bind(1, user_id).bind(2, seconds_of(since));
  query.step();
  return {.count = static_cast<int>(query.column_int(0)), .oldest = timestamp_of(query.column_optional_int(1))};
}

std::int64_t sqlite_storage::delete_audit_events_before(timestamp before) {
  std::lock_guard lock(mutex_);
  connection_.prepare("DELETE FROM audit_events WHERE created_at < ?1").bind(1, seconds_of(before)).run();
  return connection_.changed_rows();
}

bool sqlite_storage::has_companies() {
  std::lock_guard lock(mutex_);
  return any_company_locked();
}

bool sqlite_storage::create_first_company(const company_record& company, const std::vector<user_record>& users) {
  std::lock_guard lock(mutex_);
  sqlite_transaction transaction(connection_);
  if (any_company_locked()) return false;
  const row_id company_id = insert_company(company);
  for (const user_record& user : users) insert_user(company_id, user);
  transaction.commit();
  return true;
}

std::vector<company_overview_record> sqlite_storage::list_companies() {
  std::lock_guard lock(mutex_);
  auto query = connection_.prepare(
      "SELECT " + std::string(company_columns) +
      ", (SELECT count(*) FROM users u WHERE u.company_id = companies.id AND u.role = 'admin' AND u.disabled = 0),"
      " (SELECT count(*) FROM users u WHERE u.company_id = companies.id) FROM companies ORDER BY id");
  std::vector<company_overview_record> companies;
  while (query.step()) {
    companies.push_back({.company = read_company(query), .admins = query.column_int(13), .people = query.column_int(14)});
  }
  return companies;
}

std::optional<created_company> sqlite_storage::create_company(
    const company_record& company, const user_record& admin,
    const std::function<change_set(const created_company&)>& then) {
  change_set rest;
  created_company created;
  {
    std::lock_guard lock(mutex_);
    sqlite_transaction transaction(connection_);
    if (company_key_taken_locked(company.key)) return std::nullopt;
    created.company_id = insert_company(company);
    created.admin_id = insert_user(created.company_id, admin);
    rest = then(created);
    if (!sqlite_two_factor::apply_guards(connection_, rest.guards)) return std::nullopt;  // rolled back
    apply_locked(rest);
    transaction.commit();
  }
  tell_listeners(rest);
  return created;
}

bool sqlite_storage::company_key_taken_locked(std::string_view key) {
  auto query = connection_.prepare("SELECT EXISTS (SELECT 1 FROM companies WHERE key = ?1)");
  query.bind(1, key);
  query.step();
  return query.column_int(0) != 0;
}

// Statements are finished before the transaction commits: SQLite refuses to
// commit while one is still stepping.
bool sqlite_storage::any_company_locked() {
  auto query = connection_.prepare("SELECT EXISTS (SELECT 1 FROM companies)");
  query.step();
  return query.column_int(0) != 0;
}

row_id sqlite_storage::insert_company(const company_record& company) {
  auto insert = connection_.prepare(
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

row_id sqlite_storage::insert_user(row_id company_id, const user_record& user) {
  auto insert = connection_.prepare(
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

std::optional<row_id> sqlite_storage::create_user(const user_record& user,
                                                  const std::function<change_set(row_id)>& then) {
  std::optional<row_id> created;
  change_set rest;
  {
    std::lock_guard lock(mutex_);
    sqlite_transaction transaction(connection_);
    auto taken = connection_.prepare(
        "SELECT EXISTS (SELECT 1 FROM users WHERE company_id = ?1 AND (username = ?2 OR email = ?3))");
    taken.bind(1, user.company_id).bind(2, user.username).bind(3, user.email);
    taken.step();
    if (taken.column_int(0) != 0) return std::nullopt;
    taken.run();
    const row_id id = insert_user(user.company_id, user);
    rest = then(id);
    if (!sqlite_two_factor::apply_guards(connection_, rest.guards)) return std::nullopt;  // rolled back
    apply_locked(rest);
    transaction.commit();
    created = id;
  }
  tell_listeners(rest);
  return created;
}

std::optional<password_token_record> sqlite_storage::find_password_token(const session_token_hash& token_hash) {
  std::lock_guard lock(mutex_);
  return sqlite_password_tokens::find_token(connection_, token_hash);
}

bool sqlite_storage::apply(const change_set& changes) {
  {
    std::lock_guard lock(mutex_);
    sqlite_transaction transaction(connection_);
    if (!sqlite_two_factor::apply_guards(connection_, changes.guards)) return false;  // rolled back
    apply_locked(changes);
    transaction.commit();
  }
  tell_listeners(changes);
  return true;
}

std::optional<int> sqlite_storage::claim_code_attempt(const code_attempt& claim) {
  std::lock_guard lock(mutex_);
  sqlite_transaction transaction(connection_);
  const auto number = sqlite_two_factor::claim_code_attempt(connection_, claim);
  transaction.commit();
  return number;
}

void sqlite_storage::update_throttle(const std::vector<throttle_slot>& slots, timestamp now,
                                     const throttle_step& step) {
  std::lock_guard lock(mutex_);
  sqlite_transaction transaction(connection_);
  sqlite_throttles::update(connection_, slots, now, step);
  transaction.commit();
}

std::vector<std::optional<throttle_record>> sqlite_storage::find_throttle_records(
    const std::vector<throttle_slot>& slots) {
  std::lock_guard lock(mutex_);
  return sqlite_throttles::find(connection_, slots);
}

std::size_t sqlite_storage::count_throttle_records(std::string_view table) {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(sqlite_throttles::count(connection_, table));
}

std::string sqlite_storage::claim_server_key_fingerprint(std::string_view fingerprint, timestamp now) {
  std::lock_guard lock(mutex_);
  sqlite_transaction transaction(connection_);
  auto held = sqlite_server_key::claim_fingerprint(connection_, fingerprint, now);
  transaction.commit();
  return held;
}

std::optional<two_factor_record> sqlite_storage::find_two_factor(row_id user_id) {
  std::lock_guard lock(mutex_);
  return sqlite_two_factor::find_method(connection_, user_id);
}

std::optional<two_factor_setup_record> sqlite_storage::find_two_factor_setup(row_id user_id) {
  std::lock_guard lock(mutex_);
  return sqlite_two_factor::find_setup(connection_, user_id);
}

std::optional<backup_code_set> sqlite_storage::find_backup_codes(row_id user_id) {
  std::lock_guard lock(mutex_);
  return sqlite_two_factor::find_backup_codes(connection_, user_id);
}

std::optional<sign_in_flow_record> sqlite_storage::find_sign_in_flow(const session_token_hash& token_hash) {
  std::lock_guard lock(mutex_);
  return sqlite_sign_in_flows::find(connection_, token_hash);
}

std::vector<sso_provider_record> sqlite_storage::list_sso_providers(row_id company_id) {
  std::lock_guard lock(mutex_);
  return sqlite_sso::list_providers(connection_, company_id);
}

std::optional<sso_identity_record> sqlite_storage::find_sso_identity(std::string_view issuer, std::string_view subject) {
  std::lock_guard lock(mutex_);
  return sqlite_sso::find_identity(connection_, issuer, subject);
}

std::vector<sso_identity_record> sqlite_storage::list_sso_identities(row_id user_id) {
  std::lock_guard lock(mutex_);
  return sqlite_sso::list_identities(connection_, user_id);
}

std::optional<sso_start_record> sqlite_storage::find_sso_start(const session_token_hash& state_hash) {
  std::lock_guard lock(mutex_);
  return sqlite_sso::find_start(connection_, state_hash);
}

std::optional<admin_code_record> sqlite_storage::find_admin_code(row_id user_id) {
  std::lock_guard lock(mutex_);
  return sqlite_admin_codes::find(connection_, user_id);
}

std::vector<admin_code_record> sqlite_storage::list_admin_codes(row_id company_id, timestamp now) {
  std::lock_guard lock(mutex_);
  return sqlite_admin_codes::list(connection_, company_id, now);
}

std::optional<trusted_browser_record> sqlite_storage::find_trusted_browser(const session_token_hash& token_hash) {
  std::lock_guard lock(mutex_);
  return sqlite_trusted_browsers::find(connection_, token_hash);
}

std::vector<trusted_browser_record> sqlite_storage::list_trusted_browsers(row_id user_id) {
  std::lock_guard lock(mutex_);
  return sqlite_trusted_browsers::list(connection_, user_id);
}

void sqlite_storage::apply_locked(const change_set& changes) {
  for_each_part(changes, [this](const auto& part) { apply_part(connection_, part); });
}

void sqlite_storage::tell_listeners(const change_set& committed) const {
  if (!committed.mail.empty() && mail_listener_) mail_listener_();
  if (!committed.sms.empty() && sms_listener_) sms_listener_();
  if (!committed.reset_requests.empty() && reset_request_listener_) reset_request_listener_();
}

std::vector<password_reset_request_record> sqlite_storage::claim_reset_requests(timestamp now, std::size_t limit,
                                                                                timestamp lease_until,
                                                                                timestamp stale_before) {
  std::lock_guard lock(mutex_);
  sqlite_transaction transaction(connection_);
  auto claimed = sqlite_reset_requests::claim(connection_, now, limit, lease_until, stale_before);
  transaction.commit();
  return claimed;
}

std::vector<outbox_mail_record> sqlite_storage::claim_due_mail(timestamp now, std::size_t limit,
                                                               timestamp lease_until) {
  std::lock_guard lock(mutex_);
  sqlite_transaction transaction(connection_);
  auto claimed = sqlite_outbox::claim_mail(connection_, now, limit, lease_until);
  transaction.commit();
  return claimed;
}

std::optional<timestamp> sqlite_storage::next_mail_due() {
  std::lock_guard lock(mutex_);
  return sqlite_outbox::next_due(connection_, sqlite_outbox::queue::mail);
}

void sqlite_storage::mark_mail_sent(row_id id, timestamp sent_at) {
  std::lock_guard lock(mutex_);
  sqlite_outbox::mark_sent(connection_, sqlite_outbox::queue::mail, id, sent_at);
}

void sqlite_storage::release_unsent_mail(timestamp now) {
  std::lock_guard lock(mutex_);
  sqlite_outbox::release_unsent(connection_, sqlite_outbox::queue::mail, now);
}

void sqlite_storage::record_mail_failure(row_id id, std::string_view error, timestamp next_attempt_at) {
  std::lock_guard lock(mutex_);
  sqlite_outbox::record_failure(connection_, sqlite_outbox::queue::mail, id, error, next_attempt_at);
}

std::vector<outbox_sms_record> sqlite_storage::claim_due_sms(timestamp now, std::size_t limit, timestamp lease_until) {
  std::lock_guard lock(mutex_);
  sqlite_transaction transaction(connection_);
  auto claimed = sqlite_outbox::claim_sms(connection_, now, limit, lease_until);
  transaction.commit();
  return claimed;
}

outbox_backlog_record sqlite_storage::mail_backlog() {
  std::lock_guard lock(mutex_);
  return sqlite_outbox::backlog(connection_, sqlite_outbox::queue::mail);
}

outbox_backlog_record sqlite_storage::sms_backlog() {
  std::lock_guard lock(mutex_);
  return sqlite_outbox::backlog(connection_, sqlite_outbox::queue::sms);
}

std::optional<std::string> sqlite_storage::readiness_problem() {
  try {
    sqlite_connection probe(file_, {.create = false, .busy_timeout = readiness_wait});
    {
      auto read = probe.prepare("SELECT count(*) FROM schema_migrations");
      read.step();
    }
    const sqlite_transaction writable(probe);  // the write lock, rolled back at once
    return std::nullopt;
  } catch (const storage_failure& failure) {
    return failure.what();
  }
}

std::optional<timestamp> sqlite_storage::next_sms_due() {
  std::lock_guard lock(mutex_);
  return sqlite_outbox::next_due(connection_, sqlite_outbox::queue::sms);
}

void sqlite_storage::mark_sms_sent(row_id id, timestamp sent_at) {
  std::lock_guard lock(mutex_);
  sqlite_outbox::mark_sent(connection_, sqlite_outbox::queue::sms, id, sent_at);
}

void sqlite_storage::release_unsent_sms(timestamp now) {
  std::lock_guard lock(mutex_);
  sqlite_outbox::release_unsent(connection_, sqlite_outbox::queue::sms, now);
}

void sqlite_storage::record_sms_failure(row_id id, std::string_view error, timestamp next_attempt_at) {
  std::lock_guard lock(mutex_);
  sqlite_outbox::record_failure(connection_, sqlite_outbox::queue::sms, id, error, next_attempt_at);
}

}  // namespace twofold::server
