#include "security_center/session_sign_out.hpp"

#include "account/audit.hpp"
#include "runtime/clock.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

namespace {

// The session `id` of `user_id`, when it is not `current`.
std::optional<sign_out_refusal> refusal_for(const std::optional<session_record>& found, row_id user_id,
                                            const active_session& current) {
  if (!found || found->user_id != user_id) return sign_out_refusal::not_found;
  if (found->token_hash == current.record.token_hash) return sign_out_refusal::current_session;
  return std::nullopt;
}

}  // namespace

std::int64_t session_sign_out::live_sessions(row_id user_id, timestamp now) {
  return static_cast<std::int64_t>(store_.list_sessions(user_id, {.now = now, .idle_timeout = policy_.idle_timeout}).size());
}

std::optional<sign_out_refusal> session_sign_out::end_mine(const active_session& session, row_id id,
                                                           const client_info& client) {
  const auto& account = session.account;
  if (const auto refused = refusal_for(store_.find_session_by_id(id), account.id, session)) return refused;
  change_set changes;
  changes.sessions.ended_by_id.push_back({.user_id = account.id, .id = id});
  changes.audit_events.push_back(audit_event(audit::session_ended, client, clock_.now(), account.company_id, account.id,
                                             {{"session_id", id}, {"which", "one"}}));
  store_.apply(changes);
  return std::nullopt;
}

std::int64_t session_sign_out::end_my_others(const active_session& session, const client_info& client) {
  const auto& account = session.account;
  const auto now = clock_.now();
  const auto others = live_sessions(account.id, now) - 1;
  change_set changes;
  changes.sessions.others_ended.push_back({.user_id = account.id, .keep = session.record.token_hash});
  changes.audit_events.push_back(audit_event(audit::session_ended, client, now, account.company_id, account.id,
                                             {{"which", "others"}, {"count", others}}));
  store_.apply(changes);
  return others;
}

std::optional<sign_out_refusal> session_sign_out::end_by_admin(const active_session& admin, row_id id,
                                                               const client_info& client) {
  const auto found = store_.find_session_by_id(id);
  const auto person = found ? store_.find_user(found->user_id) : std::nullopt;
  if (!person || person->company_id != admin.account.company_id) return sign_out_refusal::not_found;
  if (const auto refused = refusal_for(found, person->id, admin)) return refused;
  change_set changes;
  changes.sessions.ended_by_id.push_back({.user_id = person->id, .id = id});
  changes.audit_events.push_back(audit_event(audit::session_ended, client, clock_.now(), admin.account.company_id,
                                             person->id,
                                             {{"session_id", id}, {"which", "one"}, {"by_user_id", admin.account.id}}));
  store_.apply(changes);
  return std::nullopt;
}

std::variant<std::int64_t, sign_out_refusal> session_sign_out::sign_out_person(const active_session& admin,
                                                                               row_id user_id,
                                                                               const client_info& client) {
  const auto person = store_.find_user(user_id);
  if (!person || person->company_id != admin.account.company_id) return sign_out_refusal::not_found;
  if (person->id == admin.account.id) return sign_out_refusal::own_account;
  const auto now = clock_.now();
  const auto ended = live_sessions(user_id, now);
  change_set changes;
  changes.sessions.users_signed_out.push_back(user_id);
  changes.audit_events.push_back(audit_event(audit::session_ended, client, now, admin.account.company_id, user_id,
                                             {{"which", "all"}, {"count", ended}, {"by_user_id", admin.account.id}}));
  store_.apply(changes);
  return ended;
}

}  // namespace twofold::server
