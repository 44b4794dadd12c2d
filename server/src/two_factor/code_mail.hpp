#pragma once
// The mail of two-factor authentication, in the user's language (catalog
// keys "mail.*"), as outbox records to enqueue with the change that sends
// them: a sign-in code, a setup code, the notice that its SMS number
// changed, and the notices of what an administrator did to
// the recipient's 2FA.
#include <chrono>
#include <string_view>

#include "account/user.hpp"
#include "storage/records.hpp"
#include "two_factor/sent_code.hpp"

namespace twofold::server {

// `code`: six digits; `valid_for`: how long it works.
[[nodiscard]] outbox_mail_record code_mail(sent_code_kind kind, const user& recipient, std::string_view code,
                                           std::chrono::seconds valid_for, timestamp now);


// SMS codes now go to another number; both are named masked ("+44 ••• ••• 0123").
[[nodiscard]] outbox_mail_record phone_changed_mail(const user& recipient, std::string_view from_hint,
                                                    std::string_view to_hint, timestamp now);

// The account was locked after the last allowed wrong code; `mode` says how it ends.
[[nodiscard]] outbox_mail_record account_locked_mail(const user& recipient, const lock_mode& mode, timestamp now);

// An administrator created a one-time sign-in code for the recipient, valid until `expires_at`.
[[nodiscard]] outbox_mail_record admin_code_mail(const user& recipient, timestamp expires_at, timestamp now);

// An administrator turned the recipient's 2FA off.
[[nodiscard]] outbox_mail_record two_factor_off_by_admin_mail(const user& recipient, timestamp now);

}  // namespace twofold::server
