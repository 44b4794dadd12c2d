#pragma once
// A code the server sends rather than one an app shows: by email to the
// account's address, or by SMS to its number. The message is enqueued with
// the change that sends it (a mail or an SMS in the change set's outboxes),
// in the person's language.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "account/two_factor_method.hpp"
#include "account/user.hpp"
#include "storage/change_set.hpp"

namespace twofold::server {

enum class sent_code_kind { sign_in, setup };

// Where a code goes: the method (email or sms) and, for SMS, the number
// (E.164, opened from its seal by the caller; empty when it could not be).
struct code_destination {
  two_factor_method method = two_factor_method::email;
  std::optional<std::string> phone;
};

// Adds the message carrying `code` (six digits, valid for `valid_for`) to
// `changes`. False when nothing could be sent: an SMS without a number.
bool send_code(change_set& changes, const code_destination& to, sent_code_kind kind, const user& account,
               std::string_view code, std::chrono::seconds valid_for, timestamp now);

// How the code page and the setup dialog name where it went:
// "a***@acme.example" or "+44 ••• ••• 0123"; empty for an SMS without a number.
[[nodiscard]] std::string destination_hint(const code_destination& to, const user& account);

}  // namespace twofold::server
