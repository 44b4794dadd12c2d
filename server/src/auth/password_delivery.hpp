#pragma once
// How a password set for someone else reaches them: by an administrator
// (admin/agent_accounts.hpp) or by the operator on the server machine
// (operator/). One of two ways:
//  - temporary: the person is told a password and must choose a new one at
//    their next sign-in;
//  - link: a reset link valid 24 hours (auth/password_token.hpp); until it is
//    used no password works, as the account's is replaced by one nobody knows.
#include <optional>
#include <string>
#include <string_view>

#include "account/client_info.hpp"
#include "account/user.hpp"
#include "auth/password_mail.hpp"
#include "storage/change_set.hpp"

namespace twofold::server {

class password_hasher;
class public_links;

// A temporary password (validated with validate_new_password), or empty: send a link.
struct password_choice {
  std::optional<std::string> temporary_password;
};

// The mails of one occasion, for each way.
struct password_mail_kinds {
  password_mail_kind temporary;
  password_mail_kind link;
};
inline constexpr password_mail_kinds new_account_mails{password_mail_kind::created_with_temporary,
                                                       password_mail_kind::created_with_link};
inline constexpr password_mail_kinds reset_mails{password_mail_kind::reset_by_admin_temporary,
                                                 password_mail_kind::reset_by_admin_link};
// The operator's: the mails say who acted.
inline constexpr password_mail_kinds operator_new_account_mails{password_mail_kind::created_by_operator_temporary,
                                                                password_mail_kind::created_with_link};
inline constexpr password_mail_kinds operator_reset_mails{password_mail_kind::reset_by_operator_temporary,
                                                          password_mail_kind::reset_by_operator_link};

// "temporary" | "link": the audit events' `password` detail.
[[nodiscard]] std::string_view delivery_method(const password_choice& password);

// The hash to store: the temporary password's, or a random password's for a link.
[[nodiscard]] std::string password_hash_for(const password_hasher& hasher, const password_choice& password);

// For a link, its token into `changes`; with `mail`, the person's mail too.
// Returns the link (for a link), to show to whoever set it; empty otherwise.
std::optional<std::string> deliver_password(change_set& changes, const user& account, const password_choice& password,
                                            password_mail_kinds kinds, const public_links& links,
                                            const client_info& client, timestamp now, bool mail = true);

}  // namespace twofold::server
