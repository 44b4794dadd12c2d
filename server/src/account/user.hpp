#pragma once
// The signed-in person as the server reasons about them: a domain type, built
// explicitly from storage records and never written back as such.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mail/notice_mail.hpp"
#include "storage/records.hpp"
#include "account/two_factor_policy.hpp"
#include "twofold/i18n/catalog.hpp"
#include "twofold/security/lockout.hpp"

namespace twofold::server {

class storage;

enum class user_role { admin, agent };

[[nodiscard]] std::string_view role_name(user_role role);  // "admin" | "agent"

struct user {
  row_id id = 0;
  row_id company_id = 0;
  std::string company_name;
  std::string username;
  std::string email;
  std::string display_name;
  user_role role = user_role::agent;
  i18n::language language = i18n::default_language;  // the user's, else the company's
  bool disabled = false;  // the account, or its whole company (by the operator)
  lockout_state lockout;    // wrong second-factor codes and the lock they caused
  lock_mode company_lock;  // how the company ends a lock
  bool must_change_password = false;  // a temporary password: a new one before any session
  two_factor_policy company_two_factor;  // the company's 2FA policy
  std::optional<std::string> time_zone;  // IANA name for times on the pages; empty: the browser's
};

// Throws storage_failure when the records break the schema's promises (an
// unknown role): that is a bug or a damaged database, not a user mistake.
[[nodiscard]] user to_user(const company_record& company, const user_record& record);

// The address shown where someone else might look: "alice@acme.example" -> "a***@acme.example".
[[nodiscard]] std::string email_hint(std::string_view email);

// Mails to the user go to their address, in their language.
[[nodiscard]] mail_recipient recipient_of(const user& account);

// The user with this id and their company; empty when either is gone.
[[nodiscard]] std::optional<user> load_user(storage& store, row_id user_id);

// The company's enabled administrators.
[[nodiscard]] std::vector<user> load_administrators(storage& store, row_id company_id);

}  // namespace twofold::server
