#pragma once
// Pieces of an RFC 5322 mailbox such as "Twofold <no-reply@example.com>".
#include <string>
#include <string_view>

namespace twofold::server {

// The address alone: "no-reply@example.com" for "Twofold <no-reply@example.com>",
// and the text itself, trimmed, when it has no angle brackets. The SMTP
// envelope (MAIL FROM, RCPT TO) takes this form.
[[nodiscard]] std::string bare_address(std::string_view mailbox);

// The part after the last '@' of the bare address; "localhost" when none.
[[nodiscard]] std::string address_domain(std::string_view mailbox);

}  // namespace twofold::server
