#pragma once
// The operator's commands on one company's people: list them, lift the lock
// wrong second-factor codes put on an account (as an administrator would,
// admin/people.hpp), and give someone a new password (a link or a temporary
// password, password_handout.hpp) that ends their sessions. This is how a
// company whose only administrator is locked out gets back in.
#include <string_view>
#include <vector>

#include "account/user.hpp"
#include "operator/operator_outcome.hpp"
#include "operator/password_handout.hpp"
#include "storage/records.hpp"

namespace twofold::server {

class storage;
class password_hasher;
class public_links;

// Every person of the company named `company`, by display name.
[[nodiscard]] operator_result<std::vector<user_overview_record>> list_people(storage& store, std::string_view company);

struct person_unlocked {
  user_record person;
  bool was_locked = false;
};

// `account`: a username or an email address, as at sign-in.
[[nodiscard]] operator_result<person_unlocked> unlock_person(storage& store, std::string_view company,
                                                             std::string_view account, timestamp now);

struct password_reset_by_operator {
  user person;
  password_handout password;
};

[[nodiscard]] operator_result<password_reset_by_operator> reset_person_password(
    storage& store, const password_hasher& hasher, const public_links& links, const handout_settings& handout,
    std::string_view company, std::string_view account, timestamp now);

}  // namespace twofold::server
