#pragma once
// An administrator's one-time sign-in code for one user (admin/agent_two_factor.hpp):
// at most one per user, kept only as a keyed hash, deleted when it is used,
// replaced or the user's 2FA is turned off.
#include <optional>

#include "storage/records.hpp"
#include "storage/two_factor_records.hpp"

namespace twofold::server {

struct admin_code_record {
  row_id user_id = 0;                 // whom it signs in
  code_hash hash{};                   // server_key::code_purpose::admin_code of the canonical code
  std::optional<row_id> created_by;   // the administrator; empty once they are deleted
  timestamp created_at{};
  timestamp expires_at{};             // works while now < expires_at
};

}  // namespace twofold::server
