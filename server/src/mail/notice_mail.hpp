#pragma once
// The mails Twofold writes to a user (codes, links, notices of what changed),
// built one way: paragraphs in the user's language, as plain text and as
// HTML with every text escaped, and at most one highlighted item after the
// lead-in: a code to type or a link to follow.
#include <string>
#include <string_view>
#include <vector>

#include "storage/records.hpp"
#include "twofold/i18n/catalog.hpp"
#include "twofold/i18n/message_format.hpp"
#include "twofold/time.hpp"

namespace twofold::server {

// Whom a mail is for: the address, the name in the greeting, the language.
struct mail_recipient {
  std::string email;
  std::string display_name;
  i18n::language language = i18n::default_language;
};

struct notice_mail {
  enum class highlight { none, code, link };

  std::string subject;
  std::vector<std::string> paragraphs;  // the first two are greeting and lead-in
  highlight kind = highlight::none;
  std::string highlighted;  // the code or the link, after the lead-in
};

// A notice of paragraphs alone.
[[nodiscard]] notice_mail plain_notice(std::string subject, std::vector<std::string> paragraphs);

// The outbox record for `recipient` (their address and language).
[[nodiscard]] outbox_mail_record outbox_record(const notice_mail& mail, const mail_recipient& recipient, timestamp now);

// The catalog text `key` in the recipient's language, its arguments filled
// by the core's message format (plurals included).
[[nodiscard]] std::string say(const mail_recipient& recipient, std::string_view key, const i18n::message_arguments& values = {});

// "Hello {name},".
[[nodiscard]] std::string greeting(const mail_recipient& recipient);

// "2026-11-22 07:30": a time in mails, to the minute (UTC).
[[nodiscard]] std::string minute_text(timestamp at);

}  // namespace twofold::server
