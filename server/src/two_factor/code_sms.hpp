#pragma once
// The text messages of two-factor authentication, in the recipient's
// language (catalog keys "sms.*"), as outbox records: a sign-in code and a
// setup code. Short on purpose: one SMS holds 160 GSM characters, or 70 in
// Chinese, and the code comes first, where a phone's preview shows it.
#include <chrono>
#include <string_view>

#include "account/user.hpp"
#include "storage/records.hpp"
#include "two_factor/sent_code.hpp"

namespace twofold::server {

// `phone`: E.164; `code`: six digits; `valid_for`: how long it works.
[[nodiscard]] outbox_sms_record code_sms(sent_code_kind kind, const user& recipient, std::string_view phone,
                                         std::string_view code, std::chrono::seconds valid_for, timestamp now);

}  // namespace twofold::server
