#pragma once
// The server's check of a new password: the core's rule
// (twofold/validation/new_password.hpp) with the account's context words and
// the blocklist, both of which the server always has. Every place that sets
// a password calls it: the reset link, the new password after a temporary
// one, an administrator's temporary password, the demo company's passwords.
#include <string_view>

#include "account/user.hpp"
#include "auth/password_blocklist.hpp"
#include "twofold/validation/new_password.hpp"

namespace twofold::server {

// Empty when `password` may become the password of the account `context`
// describes; else one error for `field`.
[[nodiscard]] field_errors check_new_password(std::string_view password, std::string_view field,
                                              const password_context& context, const password_blocklist& blocklist);

// The words of `account` (username, email, company name).
[[nodiscard]] password_context context_of(const user& account);

}  // namespace twofold::server
