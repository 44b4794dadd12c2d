#pragma once
// A storage that forwards every call to another one: the base of test
// storages that watch or hold up a few calls (rendezvous_storage, the
// recording storage of the password tests) and override only those.
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "storage/storage.hpp"

namespace twofold::server::testing {

class forwarding_storage : public storage {
 public:
  explicit forwarding_storage(storage& inner) : inner_(inner) {}

  void migrate(timestamp now) override { inner_.migrate(now); }
  [[nodiscard]] int schema_version() override { return inner_.schema_version(); }
  [[nodiscard]] std::optional<company_record> find_company(row_id id) override { return inner_.find_company(id); }
  [[nodiscard]] std::optional<company_record> find_company_by_key(std::string_view key) override {
    return inner_.find_company_by_key(key);
  }
  [[nodiscard]] std::optional<user_record> find_user(row_id id) override { return inner_.find_user(id); }
  [[nodiscard]] std::optional<user_with_company> find_user_with_company(row_id user_id) override {
    return inner_.find_user_with_company(user_id);
  }
  [[nodiscard]] std::optional<user_record> find_user_by_username(row_id company_id, std::string_view name) override {
    return inner_.find_user_by_username(company_id, name);
  }
  [[nodiscard]] std::optional<user_record> find_user_by_email(row_id company_id, std::string_view email) override {
    return inner_.find_user_by_email(company_id, email);
  }
  [[nodiscard]] std::optional<session_with_user> find_session(const session_token_hash& hash) override {
    return inner_.find_session(hash);
  }
  [[nodiscard]] std::optional<session_record> find_session_by_id(row_id id) override {
    return inner_.find_session_by_id(id);
  }
  [[nodiscard]] std::vector<session_overview_record> list_sessions(row_id user_id,
                                                                   const expired_sessions& live) override {
    return inner_.list_sessions(user_id, live);
  }
  [[nodiscard]] session_overview_page list_company_sessions(row_id company_id, const expired_sessions& live,
                                                            std::int64_t offset, std::int64_t limit) override {
    return inner_.list_company_sessions(company_id, live, offset, limit);
  }
  [[nodiscard]] known_origin_record find_known_origin(row_id user_id,
                                                      const std::optional<session_token_hash>& device_hash,
                                                      std::string_view place_key) override {
    return inner_.find_known_origin(user_id, device_hash, place_key);
  }
  [[nodiscard]] std::vector<device_record> list_devices(row_id user_id) override {
    return inner_.list_devices(user_id);
  }
  [[nodiscard]] std::vector<location_record> list_locations(row_id user_id) override {
    return inner_.list_locations(user_id);
  }
  [[nodiscard]] std::vector<activity_hour_record> count_activity(row_id company_id,
                                                                const activity_query_record& query) override {
    return inner_.count_activity(company_id, query);
  }
  [[nodiscard]] user_page_record list_users(row_id company_id, std::string_view search, std::int64_t offset,
                                            std::int64_t limit) override {
    return inner_.list_users(company_id, search, offset, limit);
  }
  [[nodiscard]] audit_page_record list_audit_events(row_id company_id, const audit_query_record& query,
                                                    std::int64_t offset, std::int64_t limit) override {
    return inner_.list_audit_events(company_id, query, offset, limit);
  }
  [[nodiscard]] code_send_history_record code_sends_since(row_id user_id, timestamp since) override {
    return inner_.code_sends_since(user_id, since);
  }
  std::int64_t delete_audit_events_before(timestamp before) override {
    return inner_.delete_audit_events_before(before);
  }
  std::int64_t delete_expired_sessions(const expired_sessions& expired) override {
    return inner_.delete_expired_sessions(expired);
  }
  std::int64_t delete_sent_messages_before(timestamp before) override {
    return inner_.delete_sent_messages_before(before);
  }
  std::int64_t delete_ended_trusted_browsers(timestamp now) override {
    return inner_.delete_ended_trusted_browsers(now);
  }
  [[nodiscard]] bool has_companies() override { return inner_.has_companies(); }
  bool create_first_company(const company_record& company, const std::vector<user_record>& users) override {
    return inner_.create_first_company(company, users);
  }
  [[nodiscard]] std::vector<company_overview_record> list_companies() override { return inner_.list_companies(); }
  std::optional<created_company> create_company(const company_record& company, const user_record& admin,
                                                const std::function<change_set(const created_company&)>& then) override {
    return inner_.create_company(company, admin, then);
  }
  bool apply(const change_set& changes) override { return inner_.apply(changes); }
  [[nodiscard]] std::optional<int> claim_code_attempt(const code_attempt& claim) override {
    return inner_.claim_code_attempt(claim);
  }
  [[nodiscard]] std::optional<int> claim_code_attempt(const code_attempt& claim,
                                                      const std::function<change_set(int)>& then) override {
    return inner_.claim_code_attempt(claim, then);
  }
  [[nodiscard]] std::optional<two_factor_record> find_two_factor(row_id user_id) override {
    return inner_.find_two_factor(user_id);
  }
  [[nodiscard]] std::optional<two_factor_setup_record> find_two_factor_setup(row_id user_id) override {
    return inner_.find_two_factor_setup(user_id);
  }
  [[nodiscard]] std::optional<backup_code_set> find_backup_codes(row_id user_id) override {
    return inner_.find_backup_codes(user_id);
  }
  [[nodiscard]] std::optional<sign_in_flow_record> find_sign_in_flow(const session_token_hash& hash) override {
    return inner_.find_sign_in_flow(hash);
  }
  [[nodiscard]] std::optional<admin_code_record> find_admin_code(row_id user_id) override {
    return inner_.find_admin_code(user_id);
  }
  [[nodiscard]] std::vector<admin_code_record> list_admin_codes(row_id company_id, timestamp now) override {
    return inner_.list_admin_codes(company_id, now);
  }
  [[nodiscard]] std::optional<password_token_record> find_password_token(const session_token_hash& hash) override {
    return inner_.find_password_token(hash);
  }
  std::optional<row_id> create_user(const user_record& user, const std::function<change_set(row_id)>& then) override {
    return inner_.create_user(user, then);
  }
  [[nodiscard]] std::optional<trusted_browser_record> find_trusted_browser(const session_token_hash& hash) override {
    return inner_.find_trusted_browser(hash);
  }
  [[nodiscard]] std::vector<trusted_browser_record> list_trusted_browsers(row_id user_id) override {
    return inner_.list_trusted_browsers(user_id);
  }
  [[nodiscard]] std::vector<sso_provider_record> list_sso_providers(row_id company_id) override {
    return inner_.list_sso_providers(company_id);
  }
  [[nodiscard]] std::optional<sso_identity_record> find_sso_identity(std::string_view issuer,
                                                                     std::string_view subject) override {
    return inner_.find_sso_identity(issuer, subject);
  }
  [[nodiscard]] std::vector<sso_identity_record> list_sso_identities(row_id user_id) override {
    return inner_.list_sso_identities(user_id);
  }
  [[nodiscard]] std::optional<sso_start_record> find_sso_start(const session_token_hash& state_hash) override {
    return inner_.find_sso_start(state_hash);
  }
  [[nodiscard]] std::vector<outbox_mail_record> claim_due_mail(timestamp now, std::size_t limit, std::string_view claimer,
                                                               timestamp lease_until) override {
    return inner_.claim_due_mail(now, limit, claimer, lease_until);
  }
  [[nodiscard]] std::optional<timestamp> next_mail_due() override { return inner_.next_mail_due(); }
  void mark_mail_sent(row_id id, timestamp sent_at) override { inner_.mark_mail_sent(id, sent_at); }
  void release_unsent_mail(std::string_view claimer, timestamp now) override {
    inner_.release_unsent_mail(claimer, now);
  }
  void record_mail_failure(row_id id, std::string_view claimer, std::string_view error,
                           timestamp next_attempt_at) override {
    inner_.record_mail_failure(id, claimer, error, next_attempt_at);
  }
  [[nodiscard]] std::vector<outbox_sms_record> claim_due_sms(timestamp now, std::size_t limit, std::string_view claimer,
                                                             timestamp lease_until) override {
    return inner_.claim_due_sms(now, limit, claimer, lease_until);
  }
  [[nodiscard]] std::optional<timestamp> next_sms_due() override { return inner_.next_sms_due(); }
  void mark_sms_sent(row_id id, timestamp sent_at) override { inner_.mark_sms_sent(id, sent_at); }
  void release_unsent_sms(std::string_view claimer, timestamp now) override { inner_.release_unsent_sms(claimer, now); }
  void record_sms_failure(row_id id, std::string_view claimer, std::string_view error,
                          timestamp next_attempt_at) override {
    inner_.record_sms_failure(id, claimer, error, next_attempt_at);
  }
  [[nodiscard]] std::vector<password_reset_request_record> claim_reset_requests(timestamp now, std::size_t limit,
                                                                               timestamp lease_until,
                                                                               timestamp stale_before) override {
    return inner_.claim_reset_requests(now, limit, lease_until, stale_before);
  }
  [[nodiscard]] outbox_backlog_record mail_backlog() override { return inner_.mail_backlog(); }
  [[nodiscard]] outbox_backlog_record sms_backlog() override { return inner_.sms_backlog(); }
  [[nodiscard]] std::optional<std::string> readiness_problem() override { return inner_.readiness_problem(); }
  void update_throttle(const std::vector<throttle_slot>& slots, timestamp now, const throttle_step& step) override {
    inner_.update_throttle(slots, now, step);
  }
  [[nodiscard]] std::vector<std::optional<throttle_record>> find_throttle_records(
      const std::vector<throttle_slot>& slots) override {
    return inner_.find_throttle_records(slots);
  }
  [[nodiscard]] std::size_t count_throttle_records(std::string_view table) override {
    return inner_.count_throttle_records(table);
  }
  [[nodiscard]] std::string claim_server_key_fingerprint(std::string_view fingerprint, timestamp now) override {
    return inner_.claim_server_key_fingerprint(fingerprint, now);
  }

 protected:
  storage& inner_;
};

}  // namespace twofold::server::testing
