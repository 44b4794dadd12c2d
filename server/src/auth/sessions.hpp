#pragma once
// Server-side sessions. A session ends when it is unused for idle_timeout or
// when absolute_timeout has passed since sign-in, whichever comes first
// (NIST SP 800-63B §7.2: reauthentication after inactivity and after a fixed
// period; OWASP Session Management: idle and absolute timeouts).
//
//   sign-in ──> active ──(no request for idle_timeout)──> idle_expired
//                  │
//                  └──(absolute_expires_at reached)────> absolute_expired
//
// An expired session is deleted the next time it is presented, or by the
// periodic prune (session_pruning.hpp), whichever comes first. Time always
// comes from the injected clock.
#include <chrono>
#include <optional>
#include <string_view>

#include "account/client_info.hpp"
#include "account/user.hpp"
#include "storage/records.hpp"

namespace twofold::server {

class storage;
class clock;
struct config;

struct session_policy {
  std::chrono::seconds idle_timeout{30 * 60};
  std::chrono::seconds absolute_timeout{12 * 60 * 60};
  // last_seen_at is written at most this often, so a page polling /api/me
  // does not cost a database write per request; idle expiry is that much coarser.
  std::chrono::seconds touch_interval{60};
};

// The timeouts the operator configured (--session-idle-timeout, --session-absolute-timeout).
[[nodiscard]] session_policy session_policy_of(const config& cfg);

enum class session_state { active, idle_expired, absolute_expired };

[[nodiscard]] session_state state_of(const session_record& session, const session_policy& policy, timestamp now);

// A new session's row, as data for storage::apply; `language`: the one
// chosen at sign-in, if any.
[[nodiscard]] session_record new_session_record(const session_token_hash& token_hash, row_id user_id,
                                                const client_info& client, const session_policy& policy, timestamp now,
                                                std::optional<i18n::language> language = std::nullopt);

struct active_session {
  session_record record;
  user account;
  i18n::language language = i18n::default_language;  // the session's choice, else the user's
};

class session_service {
 public:
  session_service(storage& store, const clock& clk, session_policy policy);

  [[nodiscard]] const session_policy& policy() const { return policy_; }

  // The active session a cookie value names, and its user, recording that it
  // was just used. An expired session, or one whose user is gone or disabled,
  // is deleted and yields nothing.
  [[nodiscard]] std::optional<active_session> resume(std::string_view cookie_value);

  // Like resume() but writes nothing: for choosing the language of an answer.
  [[nodiscard]] std::optional<active_session> peek(std::string_view cookie_value);

  // The session speaks `language` from now on; with `save`, so does the
  // user's every sign-in (and mail) after it.
  void change_language(const active_session& session, i18n::language language, bool save);

  // Deletes the session the cookie value names, if any, and records sign_out
  // for its user. Returns that user.
  std::optional<user> end(std::string_view cookie_value, const client_info& client);

 private:
  struct lookup;
  [[nodiscard]] lookup find(std::string_view cookie_value, timestamp now);
  void forget(const session_token_hash& token_hash);

  storage& store_;
  const clock& clock_;
  session_policy policy_;
};

}  // namespace twofold::server
