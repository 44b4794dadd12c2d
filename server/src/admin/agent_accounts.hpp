#pragma once
// What an administrator does with the passwords of their company's people:
// add a person (agent or admin), and reset someone's password. Callers pass
// a signed-in administrator and input already validated by the core
// (twofold/validation/account_form.hpp); a user of another company is "not found".
//
// A password is given one of two ways:
//  - temporary: the administrator types it and tells the person; the
//    person's next sign-in must choose a new one (auth/new_password_step.hpp);
//  - link: the person is mailed a reset link valid 24 hours
//    (auth/password_token.hpp); until they use it no password works (it is
//    replaced by one nobody knows), so a leaked old password is of no use.
// Either way a reset ends all the person's sessions (auth/password_change.hpp),
// the person is mailed, and the action is an audit event naming the admin.
#include <optional>
#include <string>
#include <variant>

#include "account/client_info.hpp"
#include "account/user.hpp"
#include "auth/password_delivery.hpp"
#include "storage/records.hpp"
#include "twofold/validation/account_form.hpp"
#include "twofold/validation/field_error.hpp"

namespace twofold::server {

class storage;
class clock;
class password_hasher;
class password_blocklist;
class public_links;

struct account_created {
  user account;
};
// `taken` on the username or email field, or the temporary password refused.
using create_outcome = std::variant<account_created, field_errors>;

struct password_reset_by_admin {};
struct user_not_found {};
struct own_account {};  // an administrator resets others, not themselves
// field_errors: the temporary password refused.
using admin_reset_outcome = std::variant<password_reset_by_admin, user_not_found, own_account, field_errors>;

class agent_accounts {
 public:
  agent_accounts(storage& store, const clock& clk, const password_hasher& hasher, const public_links& links,
                 const password_blocklist& blocklist);

  // `form`: normalized, validate_account(...).ok() held.
  [[nodiscard]] create_outcome create(const user& admin, const account_form& form, const password_choice& password,
                                      const client_info& client);
  [[nodiscard]] admin_reset_outcome reset_password(const user& admin, row_id user_id, const password_choice& password,
                                                   const client_info& client);

 private:
  storage& store_;
  const clock& clock_;
  const password_hasher& hasher_;
  const public_links& links_;
  const password_blocklist& blocklist_;
};

}  // namespace twofold::server
