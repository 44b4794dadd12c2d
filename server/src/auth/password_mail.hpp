#pragma once
// The mail of the password's life, in the recipient's language (catalog keys
// "mail.password.*"), as outbox records to enqueue with the change that
// causes them. Text and HTML carry the same content; a link is written out
// in full in both, so it can be copied when a mail reader hides links.
#include <chrono>
#include <string_view>

#include "account/user.hpp"
#include "storage/records.hpp"

namespace twofold::server {

enum class password_mail_kind {
  forgot_link,            // the person asked: a reset link
  changed,                // notice: the password was changed
  reset_by_admin_link,    // an administrator sent a reset link
  reset_by_admin_temporary,  // an administrator set a temporary password
  created_with_link,      // a new account: choose a password through the link
  created_with_temporary, // a new account: the administrator gives a temporary password
  // The same by the platform's operator (operator/), who is not the person's administrator.
  reset_by_operator_link,
  reset_by_operator_temporary,
  created_by_operator_temporary,
};

// `link`: the reset link for the *_link kinds, the sign-in page otherwise;
// `valid_for`: how long a reset link works (unused by the other kinds).
[[nodiscard]] outbox_mail_record password_mail(password_mail_kind kind, const user& recipient, std::string_view link,
                                               std::chrono::seconds valid_for, timestamp now);

}  // namespace twofold::server
