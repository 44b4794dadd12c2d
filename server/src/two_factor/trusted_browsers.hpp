#pragma once
// Trusted browsers: "Don't ask again for N days" on the code page.
//
//   right code + remember ──trust──> trusted (cookie twofold_trusted_browser,
//       (policy allows, agent)         N days; only its SHA-256 stored)
//                                        │
//   password ok + valid cookie ──────────┴──> signed in without a code
//                                        │    (audit second_step.skipped)
//   N days / policy → every login or shorter / password, 2FA method or
//   backup codes changed / the user or an administrator revokes ──> ended
//
// The token is 256 random bits (auth/session_token.hpp), bound to one user:
// another user's right password with it still needs a code. Only agents
// may skip (two_factor_policy.hpp); an administrator's cookie is never
// honoured. A trusted browser's expiry is fixed when it is trusted; a later,
// shorter policy shortens it (storage's company_trust_limit).
#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

#include "account/client_info.hpp"
#include "auth/session_token.hpp"
#include "account/user.hpp"
#include "storage/change_set.hpp"

namespace twofold::server {

class storage;

// The days a browser of `account` may be trusted for now; empty when the
// policy asks at every login, or the account is an administrator's.
[[nodiscard]] std::optional<int> trust_days_for(const user& account);

struct trusted_browser_granted {
  session_token token;  // for the cookie
  std::chrono::seconds lifetime{0};
};

// Adds a trusted browser of `account`, named by `token`, to `changes`; empty
// (and nothing added) when trust_days_for(account) is empty.
[[nodiscard]] std::optional<trusted_browser_granted> grant_trust(change_set& changes, const user& account,
                                                                 const client_info& client, const session_token& token,
                                                                 timestamp now);

class trusted_browsers {
 public:
  explicit trusted_browsers(storage& store) : store_(store) {}

  // The trusted browser the cookie names, when it lets `account` skip the
  // second step at `now`: the account's own, not expired, and the policy
  // still allows skipping.
  [[nodiscard]] std::optional<trusted_browser_record> recognise(std::string_view cookie_value, const user& account,
                                                                timestamp now) const;

  // The account's trusted browsers still valid at `now`, newest first.
  [[nodiscard]] std::vector<trusted_browser_record> list(const user& account, timestamp now) const;

  // The user ends trust in one of their browsers (`id`) or all of them;
  // false when `id` names none of theirs.
  [[nodiscard]] bool forget(const user& account, std::optional<row_id> id, const client_info& client,
                            timestamp now) const;

 private:
  storage& store_;
};

}  // namespace twofold::server
