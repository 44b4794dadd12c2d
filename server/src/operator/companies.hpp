#pragma once
// The operator's commands on companies: add one with its first
// administrator, list them, disable and enable one. A disabled company's
// people are refused as disabled accounts are (account/user.hpp): sign-in
// answers as for a wrong password, and their sessions end at once.
// Each change is an audit event of the company, by the operator.
#include <string>
#include <string_view>
#include <vector>

#include "account/user.hpp"
#include "operator/operator_outcome.hpp"
#include "operator/password_handout.hpp"
#include "storage/company_records.hpp"

namespace twofold::server {

class storage;
class password_hasher;
class public_links;

struct new_company_form {
  std::string name;      // as people type it at sign-in
  std::string language;  // a catalog language tag: en, zh-CN
  std::string admin_username;
  std::string admin_email;
  std::string admin_display_name;  // empty: the username
};

struct company_added {
  company_record company;
  user admin;
  password_handout password;
};

// Usage errors for values the core's validation refuses; a failure when the
// company or (impossible in a new company) the administrator exists.
[[nodiscard]] operator_result<company_added> add_company(storage& store, const password_hasher& hasher,
                                                         const public_links& links, const handout_settings& handout,
                                                         const new_company_form& form, timestamp now);

// By name or key, matched as at sign-in (normalize_company_key).
[[nodiscard]] operator_result<company_record> find_company_named(storage& store, std::string_view name);

struct company_state {
  company_record company;
  bool changed = false;  // false: it was already so (nothing written)
};

[[nodiscard]] operator_result<company_state> set_company_disabled(storage& store, std::string_view name,
                                                                  bool disabled, timestamp now);

}  // namespace twofold::server
