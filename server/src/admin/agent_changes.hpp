#pragma once
// An administrator's changes to a person of their own company: edit the
// profile, disable or enable the account, delete it. Each is one change set
// with its audit event ("user.updated" with what changed, "user.disabled",
// "user.enabled", "user.deleted"), the person as user_id and the
// administrator as detail.by_user_id.
//
// Rules:
//  - a person of another company is "not found", exactly like an id that
//    does not exist;
//  - an administrator never changes their own role, disables or deletes
//    themselves (self_protected). With the guard that the acting
//    administrator is still an active administrator when the change is
//    committed, a company always keeps at least one active administrator,
//    also when two of them act against each other at once;
//  - disabling ends every session and pending sign-in of the person at once;
//    the sign-in refuses a disabled account with its generic error;
//  - deleting removes the person with their sessions, pending sign-ins, 2FA,
//    setups and backup codes; their audit events stay (user_id becomes NULL,
//    the detail keeps "deleted_user": {"id", "username"}).
//  - the person must still exist when the change is committed: two deletions
//    at once delete and audit once, the other is not_found;
//  - changing nothing (same profile, already disabled, already enabled) is
//    done without writing or auditing anything.
#include <optional>

#include "admin/agent_form.hpp"
#include "account/client_info.hpp"
#include "account/user.hpp"
#include "storage/records.hpp"

namespace twofold::server {

class storage;
class clock;
struct change_set;

enum class agent_outcome {
  done,
  not_found,       // no such person in the administrator's company
  self_protected,  // the administrator's own role, disabling or deleting themselves
  email_taken,     // another person of the company has that email address
  not_an_admin,    // the acting administrator was demoted or disabled meanwhile
};

struct agent_change_result {
  agent_outcome outcome = agent_outcome::done;
  std::optional<user_record> person;  // after the change, when done (empty after a deletion)
};

class agent_changes {
 public:
  agent_changes(storage& store, const clock& clk);

  [[nodiscard]] agent_change_result edit(const user& admin, row_id person_id, const agent_profile& profile,
                                         const client_info& client);
  [[nodiscard]] agent_change_result set_disabled(const user& admin, row_id person_id, bool disabled,
                                                 const client_info& client);
  [[nodiscard]] agent_change_result remove(const user& admin, row_id person_id, const client_info& client);

 private:
  [[nodiscard]] std::optional<user_record> person_of(const user& admin, row_id person_id);
  // Applies `changes` with the guards that the administrator is still one and
  // the person still exists; the outcome.
  [[nodiscard]] agent_outcome commit(const user& admin, change_set& changes, row_id person_id);

  storage& store_;
  const clock& clock_;
};

}  // namespace twofold::server
