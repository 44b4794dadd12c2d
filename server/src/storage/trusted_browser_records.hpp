#pragma once
// Persistence records of trusted browsers: a browser where an agent ticked
// "Don't ask again for N days" after a right code. The browser holds a
// random token in a cookie; only its SHA-256 is kept here, bound to the user.
#include <optional>
#include <string>
#include <vector>

#include "storage/records.hpp"

namespace twofold::server {

struct trusted_browser_record {
  row_id id = 0;  // ignored on insert
  session_token_hash token_hash{};
  row_id user_id = 0;
  timestamp created_at{};
  timestamp expires_at{};  // created_at + the policy's days at the time
  std::string ip;          // where it was trusted from, for the user to recognise it
  std::string user_agent;
};

// Ends trust early: one trusted browser of a user (`id`), or all of them.
struct trusted_browsers_end {
  row_id user_id = 0;
  std::optional<row_id> id;  // empty: every trusted browser of the user
};

// A company's 2FA policy changed: no trust may outlast the new period.
// Empty `days` (every login) ends all trust in the company; otherwise trust
// older than `days` at `now` ends and the rest expires `days` after it began.
struct company_trust_limit {
  row_id company_id = 0;
  std::optional<int> days;
  timestamp now{};
};

// A company's 2FA policy (company_record's fields of the same names).
struct company_two_factor_policy {
  row_id company_id = 0;
  std::optional<int> trusted_browser_days;
  bool require_two_factor = false;
  bool every_sign_in = true;  // the rules of when a code is asked (company_record's second_factor_*)
  bool new_device = false;
  bool new_location = false;
};

}  // namespace twofold::server
