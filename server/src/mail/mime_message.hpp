#pragma once
// The one place that turns a mail_message into the bytes sent over SMTP or
// written to a file: an RFC 5322 message with a multipart/alternative body
// (RFC 2046 §5.1.4: plain text first, HTML last, the preferred form).
//
// Everything is 7-bit safe, so no relay needs 8BITMIME: a subject outside
// printable ASCII becomes RFC 2047 encoded words (UTF-8, "B" encoding, each
// word at most 64 characters, never splitting a UTF-8 sequence), and both
// bodies are UTF-8 in base64 (RFC 2045 §6.8) in lines of 76 characters.
// Lines end in CRLF, as RFC 5322 §2.1 requires.
#include <string>

#include "mail/mail_message.hpp"
#include "twofold/time.hpp"

namespace twofold::server {

struct mime_envelope {
  std::string from;        // mailbox, e.g. "Twofold <no-reply@example.com>"; ASCII
  timestamp date{};        // the Date header (RFC 5322 §3.3, in UTC)
  std::string message_id;  // without angle brackets, e.g. "42.1767225600@example.com"
};

[[nodiscard]] std::string mime_message(const mail_message& message, const mime_envelope& envelope);

// "=?UTF-8?B?...?=" words separated by CRLF SP (folded), or the text itself
// when it is printable ASCII.
[[nodiscard]] std::string encoded_header_text(std::string_view text);

// "Sun, 22 Nov 2026 04:14:33 +0000"
[[nodiscard]] std::string rfc5322_date(timestamp at);

}  // namespace twofold::server
