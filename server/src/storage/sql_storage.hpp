#pragma once
// The storage interface on an SQL database (sql_database.hpp): its queries,
// written once for every database, run on connections leased from a pool,
// each write in one transaction (open_sqlite_storage builds one on SQLite).
#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

#include "storage/sql_database.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

class sql_storage final : public storage {
 public:
  // Runs on `pool`'s database. Call migrate() next.
  explicit sql_storage(std::unique_ptr<sql_pool> pool);

  // Called after a committed change set that enqueued mail, SMS (the
  // outbox senders' notify) or forgot-password requests (the reset worker's),
  // after the connection's lease ended. Set them before serving requests.
  void set_mail_listener(std::function<void()> listener) { mail_listener_ = std::move(listener); }
  void set_sms_listener(std::function<void()> listener) { sms_listener_ = std::move(listener); }
  void set_reset_request_listener(std::function<void()> listener) { reset_request_listener_ = std::move(listener); }

  void migrate(timestamp now) override;
  [[nodiscard]] int schema_version() override;

  [[nodiscard]] std::optional<company_record> find_company(row_id id) override;
  [[nodiscard]] std::optional<company_record> find_company_by_key(std::string_view key) override;

  [[nodiscard]] std::optional<user_record> find_user(row_id id) override;
  [[nodiscard]] std::optional<user_with_company> find_user_with_company(row_id user_id) override;
  [[nodiscard]] std::optional<user_record> find_user_by_username(row_id company_id, std::string_view username) override;
  [[nodiscard]] std::optional<user_record> find_user_by_email(row_id company_id, std::string_view email) override;

  [[nodiscard]] std::optional<session_with_user> find_session(const session_token_hash& token_hash) override;
  [[nodiscard]] std::optional<session_record> find_session_by_id(row_id id) override;
  [[nodiscard]] std::vector<session_overview_record> list_sessions(row_id user_id,
                                                                   const expired_sessions& live) override;
  [[nodiscard]] session_overview_page list_company_sessions(row_id company_id, const expired_sessions& live,
                                                            std::int64_t offset, std::int64_t limit) override;
  [[nodiscard]] known_origin_record find_known_origin(row_id user_id,
                                                      const std::optional<session_token_hash>& device_hash,
                                                      std::string_view place_key) override;
  [[nodiscard]] std::vector<device_record> list_devices(row_id user_id) override;
  [[nodiscard]] std::vector<location_record> list_locations(row_id user_id) override;
  [[nodiscard]] std::vector<activity_hour_record> count_activity(row_id company_id,
                                                                const activity_query_record& query) override;
  [[nodiscard]] user_page_record list_users(row_id company_id, std::string_view search, std::int64_t offset,
                                            std::int64_t limit) override;
  [[nodiscard]] audit_page_record list_audit_events(row_id company_id, const audit_query_record& query,
                                                    std::int64_t offset, std::int64_t limit) override;

  [[nodiscard]] code_send_history_record code_sends_since(row_id user_id, timestamp since) override;
  std::int64_t delete_audit_events_before(timestamp before) override;
  std::int64_t delete_expired_sessions(const expired_sessions& expired) override;
  std::int64_t delete_sent_messages_before(timestamp before) override;
  std::int64_t delete_ended_trusted_browsers(timestamp now) override;
  [[nodiscard]] bool has_companies() override;
  bool create_first_company(const company_record& company, const std::vector<user_record>& users) override;

  [[nodiscard]] std::vector<company_overview_record> list_companies() override;
  std::optional<created_company> create_company(const company_record& company, const user_record& admin,
                                                const std::function<change_set(const created_company&)>& then) override;

  bool apply(const change_set& changes) override;
  [[nodiscard]] std::optional<int> claim_code_attempt(const code_attempt& claim) override;
  [[nodiscard]] std::optional<int> claim_code_attempt(const code_attempt& claim,
                                                      const std::function<change_set(int)>& then) override;

  [[nodiscard]] std::optional<two_factor_record> find_two_factor(row_id user_id) override;
  [[nodiscard]] std::optional<two_factor_setup_record> find_two_factor_setup(row_id user_id) override;
  [[nodiscard]] std::optional<backup_code_set> find_backup_codes(row_id user_id) override;
  [[nodiscard]] std::optional<sign_in_flow_record> find_sign_in_flow(const session_token_hash& token_hash) override;
  [[nodiscard]] std::vector<sso_provider_record> list_sso_providers(row_id company_id) override;
  [[nodiscard]] std::optional<sso_identity_record> find_sso_identity(std::string_view issuer,
                                                                     std::string_view subject) override;
  [[nodiscard]] std::vector<sso_identity_record> list_sso_identities(row_id user_id) override;
  [[nodiscard]] std::optional<sso_start_record> find_sso_start(const session_token_hash& state_hash) override;
  [[nodiscard]] std::optional<admin_code_record> find_admin_code(row_id user_id) override;
  [[nodiscard]] std::vector<admin_code_record> list_admin_codes(row_id company_id, timestamp now) override;

  [[nodiscard]] std::optional<password_token_record> find_password_token(
      const session_token_hash& token_hash) override;
  std::optional<row_id> create_user(const user_record& user,
                                    const std::function<change_set(row_id)>& then) override;
  [[nodiscard]] std::optional<trusted_browser_record> find_trusted_browser(const session_token_hash& token_hash) override;
  [[nodiscard]] std::vector<trusted_browser_record> list_trusted_browsers(row_id user_id) override;

  [[nodiscard]] std::vector<outbox_mail_record> claim_due_mail(timestamp now, std::size_t limit, std::string_view claimer,
                                                               timestamp lease_until) override;
  [[nodiscard]] std::optional<timestamp> next_mail_due() override;
  void mark_mail_sent(row_id id, timestamp sent_at) override;
  void release_unsent_mail(std::string_view claimer, timestamp now) override;
  void record_mail_failure(row_id id, std::string_view claimer, std::string_view error,
                           timestamp next_attempt_at) override;
  [[nodiscard]] std::vector<outbox_sms_record> claim_due_sms(timestamp now, std::size_t limit, std::string_view claimer,
                                                             timestamp lease_until) override;
  [[nodiscard]] std::optional<timestamp> next_sms_due() override;
  void mark_sms_sent(row_id id, timestamp sent_at) override;
  void release_unsent_sms(std::string_view claimer, timestamp now) override;
  void record_sms_failure(row_id id, std::string_view claimer, std::string_view error,
                          timestamp next_attempt_at) override;
  [[nodiscard]] std::vector<password_reset_request_record> claim_reset_requests(timestamp now, std::size_t limit,
                                                                               timestamp lease_until,
                                                                               timestamp stale_before) override;
  [[nodiscard]] outbox_backlog_record mail_backlog() override;
  [[nodiscard]] outbox_backlog_record sms_backlog() override;
  void update_throttle(const std::vector<throttle_slot>& slots, timestamp now, const throttle_step& step) override;
  [[nodiscard]] std::vector<std::optional<throttle_record>> find_throttle_records(
      const std::vector<throttle_slot>& slots) override;
  [[nodiscard]] std::size_t count_throttle_records(std::string_view table) override;
  [[nodiscard]] std::string claim_server_key_fingerprint(std::string_view fingerprint, timestamp now) override;
  // The pool's (sql_pool::readiness_problem).
  [[nodiscard]] std::optional<std::string> readiness_problem() override;

 private:
  // Runs `work(connection, transaction)` in one write transaction on a
  // leased connection; `work` commits, or returns without committing to roll
  // back. A transaction that lost a race (storage_conflict) is run again from
  // the start, at most conflict_attempts times in all. With a `lock`, every
  // attempt holds it around its transaction.
  template <class work_type>
  auto in_transaction(work_type&& work, sql_isolation isolation = sql_isolation::serializable,
                      std::optional<database_lock> lock = std::nullopt);
  // After the commit and the lease: the queues that got entries.
  void tell_listeners(const change_set& committed) const;

  static constexpr int conflict_attempts = 5;

  std::unique_ptr<sql_pool> pool_;
  std::function<void()> mail_listener_;
  std::function<void()> sms_listener_;
  std::function<void()> reset_request_listener_;
};

}  // namespace twofold::server
