#pragma once
// What an administrator does for a user of their company who lost their
// second factor:
//
//   create_code: a one-time sign-in code, shown to the administrator once and
//     passed on to the user, who types it on the code page after the password
//     (in the backup-code field). One per user: a new code replaces the last.
//     It works for one sign-in, and while now < created_at + admin_code_lifetime
//     (at 29:59 it works, at 30:00 it does not). It does not open a locked
//     account: wrong codes count against the lockout as any other.
//   turn_off: for a user who lost everything, 2FA off (two_factor_removal.hpp).
//
// Both are audit events and mail the user. Acting on one's own account is
// refused: one's own Security settings ask for the password (step-up) first.
#include <chrono>
#include <string>
#include <variant>
#include <vector>

#include "account/client_info.hpp"
#include "account/user.hpp"
#include "storage/admin_code_record.hpp"

namespace twofold::server {

class storage;
class clock;
class server_key;

inline constexpr std::chrono::seconds admin_code_lifetime{30 * 60};

struct admin_code_created {
  std::string code;  // display form, "7QXK-M2D9-AB3F-4P"; never stored
  timestamp expires_at{};
};
struct two_factor_removed {};
// Why an administrator cannot act on a user.
enum class admin_refusal {
  person_not_found,  // no such user, or not in the administrator's company: the same answer
  own_account,
  two_factor_off,
};

using admin_code_outcome = std::variant<admin_code_created, admin_refusal>;
using admin_turn_off_outcome = std::variant<two_factor_removed, admin_refusal>;

class agent_two_factor_admin {
 public:
  agent_two_factor_admin(storage& store, const clock& clk, const server_key& key);

  [[nodiscard]] admin_code_outcome create_code(const user& admin, row_id user_id, const client_info& client);
  // The codes of the administrator's company that still work (hashes included: not for the wire).
  [[nodiscard]] std::vector<admin_code_record> codes(const user& admin);
  [[nodiscard]] admin_turn_off_outcome turn_off(const user& admin, row_id user_id, const client_info& client);

 private:
  using target = std::variant<user, admin_refusal>;
  // The user with 2FA on that `admin` may act on, or why not.
  [[nodiscard]] target target_of(const user& admin, row_id user_id);

  storage& store_;
  const clock& clock_;
  const server_key& key_;
};

}  // namespace twofold::server
