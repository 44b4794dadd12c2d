#pragma once
// The mails of single sign-on, in the user's language: an external account
// was linked to their Twofold account, or unlinked from it.
#include <string_view>

#include "account/user.hpp"
#include "storage/records.hpp"

namespace twofold::server {

enum class sso_mail_kind { linked, unlinked };

// `provider_name`: "Google", "Office 365" or the generic provider's name;
// `external_account`: how the person is known there (their email or name).
[[nodiscard]] outbox_mail_record sso_mail(sso_mail_kind kind, const user& recipient, std::string_view provider_name,
                                          std::string_view external_account, timestamp now);

}  // namespace twofold::server
