#include "mail/notice_mail.hpp"

#include <utility>

#include "twofold/i18n/catalog.hpp"
#include "twofold/i18n/message_format.hpp"
#include "twofold/text/html_text.hpp"

namespace twofold::server {

namespace {

constexpr std::size_t highlight_after = 2;  // greeting and lead-in

std::string text_of(const notice_mail& mail) {
  std::string text;
  for (std::size_t i = 0; i < mail.paragraphs.size(); ++i) {
    text += mail.paragraphs[i] + "\n\n";
    if (i + 1 != highlight_after) continue;
    if (mail.kind == notice_mail::highlight::code) text += "    " + mail.highlighted + "\n\n";
    if (mail.kind == notice_mail::highlight::link) text += mail.highlighted + "\n\n";
  }
  return text;
}

std::string html_highlight(const notice_mail& mail) {
  const std::string item = text::html_escaped(mail.highlighted);
  switch (mail.kind) {
    case notice_mail::highlight::code:
      return "<p style=\"font-size:24px;letter-spacing:4px;font-family:monospace\"><strong>" + item + "</strong></p>";
    case notice_mail::highlight::link: return "<p><a href=\"" + item + "\">" + item + "</a></p>";
    case notice_mail::highlight::none: break;
  }
  return "";
}

std::string html_of(const notice_mail& mail, i18n::language language) {
  std::string html = "<!doctype html><html lang=\"" + std::string(i18n::language_tag(language)) +
                     "\"><head><meta charset=\"utf-8\"><title>" + text::html_escaped(mail.subject) + "</title></head><body>";
  for (std::size_t i = 0; i < mail.paragraphs.size(); ++i) {
    html += "<p>" + text::html_escaped(mail.paragraphs[i]) + "</p>";
    if (i + 1 == highlight_after) html += html_highlight(mail);
  }
  return html + "</body></html>";
}

}  // namespace

notice_mail plain_notice(std::string subject, std::vector<std::string> paragraphs) {
  return notice_mail{.subject = std::move(subject),
                     .paragraphs = std::move(paragraphs),
                     .kind = notice_mail::highlight::none,
                     .highlighted = {}};
}

outbox_mail_record outbox_record(const notice_mail& mail, const mail_recipient& recipient, timestamp now) {
  return outbox_mail_record{.id = 0,
                            .created_at = now,
                            .recipient = recipient.email,
                            .subject = mail.subject,
                            .text_body = text_of(mail),
                            .html_body = html_of(mail, recipient.language),
                            .attempts = 0};
}

std::string say(const mail_recipient& recipient, std::string_view key, const i18n::message_arguments& values) {
  return i18n::format(recipient.language, key, values);
}

std::string greeting(const mail_recipient& recipient) { return say(recipient, "mail.greeting", {{"name", recipient.display_name}}); }

std::string minute_text(timestamp at) {
  const std::string iso = iso8601(at);  // "2026-11-22T07:30:00Z"
  return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

}  // namespace twofold::server
