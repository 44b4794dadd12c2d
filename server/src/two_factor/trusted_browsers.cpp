#include "two_factor/trusted_browsers.hpp"

#include <algorithm>

#include "account/audit.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

std::optional<int> trust_days_for(const user& account) {
  if (account.role != user_role::agent) return std::nullopt;
  return account.company_two_factor.trusted_browser_days;
}

std::optional<trusted_browser_granted> grant_trust(change_set& changes, const user& account, const client_info& client,
                                                   const session_token& token, timestamp now) {
  const auto days = trust_days_for(account);
  if (!days) return std::nullopt;
  const std::chrono::seconds lifetime = std::chrono::days{*days};
  trusted_browser_granted granted{.token = token, .lifetime = lifetime};
  changes.trust.added.push_back(trusted_browser_record{.id = 0,
                                                                      .token_hash = granted.token.hash,
                                                                      .user_id = account.id,
                                                                      .created_at = now,
                                                                      .expires_at = now + lifetime,
                                                                      .ip = client.ip,
                                                                      .user_agent = client.user_agent});
  return granted;
}

std::optional<trusted_browser_record> trusted_browsers::recognise(std::string_view cookie_value, const user& account,
                                                                  timestamp now) const {
  const auto days = trust_days_for(account);
  if (!days) return std::nullopt;
  const auto hash = hash_of_cookie_value(cookie_value);
  if (!hash) return std::nullopt;
  auto found = store_.find_trusted_browser(*hash);
  if (!found || !same_token_hash(found->token_hash, *hash) || found->user_id != account.id) return std::nullopt;
  // The policy's period bounds it too, should a shorter one not have been applied to it.
  const auto ends = std::min(found->expires_at, found->created_at + std::chrono::days{*days});
  if (now >= ends) return std::nullopt;
  return found;
}

std::vector<trusted_browser_record> trusted_browsers::list(const user& account, timestamp now) const {
  auto all = store_.list_trusted_browsers(account.id);
  std::erase_if(all, [now](const trusted_browser_record& browser) { return browser.expires_at <= now; });
  return all;
}

bool trusted_browsers::forget(const user& account, std::optional<row_id> id, const client_info& client,
                              timestamp now) const {
  if (id) {
    const auto all = store_.list_trusted_browsers(account.id);
    if (std::ranges::none_of(all, [&](const trusted_browser_record& browser) { return browser.id == *id; })) return false;
  }
  change_set changes;
  changes.trust.ended.push_back({.user_id = account.id, .id = id});
  changes.audit_events.push_back(audit_event(audit::trusted_browsers_revoked, client, now, account.company_id,
                                             account.id,
                                             {{"by_user_id", account.id},
                                              {"which", id ? nlohmann::json(*id) : nlohmann::json("all")}}));
  store_.apply(changes);
  return true;
}

}  // namespace twofold::server
