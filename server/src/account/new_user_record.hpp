#pragma once
// What every new person starts as, whoever creates them (the demo company,
// an administrator, the operator's `company add`): enabled, no wrong codes,
// no lock. The id, and for a new company the company id, come from storage.
#include <optional>
#include <string>
#include <utility>

#include "storage/records.hpp"

namespace twofold::server {

struct new_person {
  std::string username;  // already normalised: ASCII lower case
  std::string email;     // already normalised: lower case
  std::string display_name;
  std::string role;                     // "admin" | "agent"
  std::optional<std::string> language;  // empty: the company default
  std::string password_hash;
  bool must_change_password = false;  // a temporary password
};

[[nodiscard]] inline user_record new_user_record(row_id company_id, new_person person, timestamp now) {
  return user_record{.id = 0,
                     .company_id = company_id,
                     .username = std::move(person.username),
                     .email = std::move(person.email),
                     .display_name = std::move(person.display_name),
                     .role = std::move(person.role),
                     .language = std::move(person.language),
                     .password_hash = std::move(person.password_hash),
                     .created_at = now,
                     .disabled = false,
                     .code_failures = 0,
                     .locked_at = std::nullopt,
                     .locked_until = std::nullopt,
                     .must_change_password = person.must_change_password};
}

}  // namespace twofold::server
