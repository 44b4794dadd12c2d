#include "auth/sessions.hpp"

#include <algorithm>

#include "account/audit.hpp"
#include "auth/session_token.hpp"
#include "config/config.hpp"
#include "runtime/clock.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

session_policy session_policy_of(const config& cfg) {
  session_policy policy;
  policy.idle_timeout = cfg.session_idle_timeout;
  policy.absolute_timeout = cfg.session_absolute_timeout;
  return policy;
}

session_state state_of(const session_record& session, const session_policy& policy, timestamp now) {
  if (now >= session.absolute_expires_at) return session_state::absolute_expired;
  if (now >= session.last_seen_at + policy.idle_timeout) return session_state::idle_expired;
  return session_state::active;
}

session_record new_session_record(const session_token_hash& token_hash, row_id user_id, const client_info& client,
                                  const session_policy& policy, timestamp now, std::optional<i18n::language> language) {
  return session_record{
      .token_hash = token_hash,
      .user_id = user_id,
      .created_at = now,
      .last_seen_at = now,
      .absolute_expires_at = now + policy.absolute_timeout,
      .ip = client.ip,
      .user_agent = client.user_agent,
      .language = language ? std::optional(std::string(i18n::language_tag(*language))) : std::nullopt,
      .device_hash = client.device,
      .place_key = {},
  };
}

namespace {

// A session's language: its own choice, if it is still one we speak, else its user's.
i18n::language language_of(const session_record& session, const user& account) {
  const auto chosen = session.language ? i18n::parse_language(*session.language) : std::nullopt;
  return chosen.value_or(account.language);
}

}  // namespace

// What a cookie value leads to. `record` is set whenever a session row exists;
// `account` only when that session is active and its user may use it.
struct session_service::lookup {
  std::optional<session_record> record;
  std::optional<user> account;
};

session_service::session_service(storage& store, const clock& clk, session_policy policy)
    : store_(store), clock_(clk), policy_(policy) {}

session_service::lookup session_service::find(std::string_view cookie_value, timestamp now) {
  const auto hash = hash_of_cookie_value(cookie_value);
  if (!hash) return {};
  auto found = store_.find_session(*hash);
  // The database matched on the hash already; comparing again in constant
  // time keeps any secret comparison in this process free of timing leaks.
  if (!found || !same_token_hash(found->session.token_hash, *hash)) return {};
  auto& record = found->session;
  if (state_of(record, policy_, now) != session_state::active) return {.record = std::move(record), .account = {}};
  auto account = to_user(found->owner.company, found->owner.user);
  if (account.disabled) return {.record = std::move(record), .account = {}};
  return {.record = std::move(record), .account = std::move(account)};
}

void session_service::forget(const session_token_hash& token_hash) {
  change_set changes;
  changes.sessions.ended.push_back(token_hash);
  store_.apply(changes);
}

std::optional<active_session> session_service::resume(std::string_view cookie_value) {
  const timestamp now = clock_.now();
  auto found = find(cookie_value, now);
  if (!found.record) return std::nullopt;
  if (!found.account) {
    forget(found.record->token_hash);
    return std::nullopt;
  }
  // A short idle timeout (config allows one minute) must still be renewed by use.
  const auto touch_after = std::min(policy_.touch_interval, policy_.idle_timeout / 2);
  if (now - found.record->last_seen_at >= touch_after) {
    change_set changes;
    changes.sessions.touched.push_back({.token_hash = found.record->token_hash, .last_seen_at = now});
    store_.apply(changes);
    found.record->last_seen_at = now;
  }
  const auto language = language_of(*found.record, *found.account);
  return active_session{.record = std::move(*found.record), .account = std::move(*found.account), .language = language};
}

std::optional<active_session> session_service::peek(std::string_view cookie_value) {
  auto found = find(cookie_value, clock_.now());
  if (!found.account) return std::nullopt;
  const auto language = language_of(*found.record, *found.account);
  return active_session{.record = std::move(*found.record), .account = std::move(*found.account), .language = language};
}

void session_service::change_language(const active_session& session, i18n::language language, bool save) {
  const std::string tag(i18n::language_tag(language));
  change_set changes;
  changes.sessions.languages.push_back({.token_hash = session.record.token_hash, .language = tag});
  if (save) changes.people.languages.push_back({.user_id = session.account.id, .language = tag});
  store_.apply(changes);
}

std::optional<user> session_service::end(std::string_view cookie_value, const client_info& client) {
  const timestamp now = clock_.now();
  auto found = find(cookie_value, now);
  if (!found.record) return std::nullopt;
  change_set changes;
  changes.sessions.ended.push_back(found.record->token_hash);
  if (found.account) {
    changes.audit_events.push_back(
        audit_event(audit::sign_out, client, now, found.account->company_id, found.account->id));
  }
  store_.apply(changes);
  return found.account;
}

}  // namespace twofold::server
