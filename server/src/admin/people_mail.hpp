#pragma once
// Mails about what an administrator changed on a person's account, sent to
// the person so that no change to their sign-in happens unseen.
#include <string_view>

#include "account/user.hpp"
#include "storage/records.hpp"

namespace twofold::server {

// To the address the account had before: it now reads `new_email`, and
// reset links and sign-in codes go there.
[[nodiscard]] outbox_mail_record email_changed_mail(const user& before, std::string_view new_email, timestamp now);

}  // namespace twofold::server
