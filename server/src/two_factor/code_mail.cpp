#include "two_factor/code_mail.hpp"

#include <string>
#include <utility>
#include <vector>

#include "app/api_answers.hpp"
#include "two_factor/method.hpp"

namespace twofold::server {

namespace {

std::string html_escaped(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '"': escaped += "&quot;"; break;
      case '\'': escaped += "&#39;"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

// "2026-11-22 07:30" (UTC).
std::string minute_text(timestamp at) {
  const std::string iso = iso8601(at);  // "2026-11-22T07:30:00Z"
  return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

// A message of paragraphs, with an optional highlighted code after the first
// two (greeting, lead-in).
struct mail_content {
  std::string subject;
  std::vector<std::string> paragraphs;
  std::string code;  // "" for none
};

std::string text_of(const mail_content& content) {
  std::string text;
  for (std::size_t i = 0; i < content.paragraphs.size(); ++i) {
    text += content.paragraphs[i] + "\n\n";
    if (i == 1 && !content.code.empty()) text += "    " + content.code + "\n\n";
  }
  return text;
}

std::string html_of(const mail_content& content, i18n::language language) {
  std::string html = "<!doctype html><html lang=\"" + std::string(i18n::language_tag(language)) +
                     "\"><head><meta charset=\"utf-8\"><title>" + html_escaped(content.subject) +
                     "</title></head><body>";
  for (std::size_t i = 0; i < content.paragraphs.size(); ++i) {
    html += "<p>" + html_escaped(content.paragraphs[i]) + "</p>";
    if (i == 1 && !content.code.empty()) {
      html += "<p style=\"font-size:24px;letter-spacing:4px;font-family:monospace\"><strong>" +
              html_escaped(content.code) + "</strong></p>";
    }
  }
  return html + "</body></html>";
}

outbox_mail_record record_of(const mail_content& content, const user& recipient, timestamp now) {
  return outbox_mail_record{.id = 0,
                            .created_at = now,
                            .recipient = recipient.email,
                            .subject = content.subject,
                            .text_body = text_of(content),
                            .html_body = html_of(content, recipient.language),
                            .attempts = 0};
}

std::string say(const user& recipient, std::string_view key, const placeholders& values = {}) {
  return fill_placeholders(i18n::translate(recipient.language, key), values);
}

std::string greeting(const user& recipient) {
  return say(recipient, "mail.greeting", {{"name", recipient.display_name}});
}

}  // namespace

outbox_mail_record code_mail(code_mail_kind kind, const user& recipient, std::string_view code,
                             std::chrono::seconds valid_for, timestamp now) {
  const bool sign_in = kind == code_mail_kind::sign_in;
  const placeholders names{{"product", std::string(product_name)}, {"company", recipient.company_name}};
  const mail_content content{
      .subject = say(recipient, sign_in ? "mail.sign_in_code.subject" : "mail.setup_code.subject", names),
      .paragraphs = {greeting(recipient), say(recipient, sign_in ? "mail.sign_in_code.body" : "mail.setup_code.body", names),
                     say(recipient, "mail.code.expires",
                         {{"minutes", std::to_string(std::chrono::ceil<std::chrono::minutes>(valid_for).count())}}),
                     say(recipient, "mail.code.ignore")},
      .code = std::string(code),
  };
  return record_of(content, recipient, now);
}

outbox_mail_record two_factor_off_mail(const user& recipient, timestamp now) {
  const mail_content content{
      .subject = say(recipient, "mail.two_factor_off.subject"),
      .paragraphs = {greeting(recipient),
                     say(recipient, "mail.two_factor_off.body",
                         {{"product", std::string(product_name)},
                          {"company", recipient.company_name},
                          {"account", recipient.username},
                          {"time", minute_text(now)}}),
                     say(recipient, "mail.two_factor_off.not_you")},
      .code = "",
  };
  return record_of(content, recipient, now);
}

outbox_mail_record account_locked_mail(const user& recipient, const lock_mode& mode, timestamp now) {
  const mail_content content{
      .subject = say(recipient, "mail.account_locked.subject", {{"product", std::string(product_name)}}),
      .paragraphs = {greeting(recipient),
                     say(recipient, "mail.account_locked.body",
                         {{"product", std::string(product_name)},
                          {"company", recipient.company_name},
                          {"account", recipient.username},
                          {"count", std::to_string(max_code_failures)},
                          {"time", minute_text(now)}}),
                     mode.duration ? say(recipient, "mail.account_locked.timed",
                                         {{"minutes", std::to_string(mode.duration->count())}})
                                   : say(recipient, "mail.account_locked.until_unlocked"),
                     say(recipient, "mail.account_locked.not_you")},
      .code = "",
  };
  return record_of(content, recipient, now);
}

outbox_mail_record admin_code_mail(const user& recipient, timestamp expires_at, timestamp now) {
  const mail_content content{
      .subject = say(recipient, "mail.admin_code.subject", {{"product", std::string(product_name)}}),
      .paragraphs = {greeting(recipient),
                     say(recipient, "mail.admin_code.body",
                         {{"product", std::string(product_name)},
                          {"company", recipient.company_name},
                          {"account", recipient.username},
                          {"time", minute_text(now)},
                          {"expires", minute_text(expires_at)}}),
                     say(recipient, "mail.admin_code.not_you")},
      .code = "",
  };
  return record_of(content, recipient, now);
}

outbox_mail_record two_factor_off_by_admin_mail(const user& recipient, timestamp now) {
  const mail_content content{
      .subject = say(recipient, "mail.two_factor_off_by_admin.subject"),
      .paragraphs = {greeting(recipient),
                     say(recipient, "mail.two_factor_off_by_admin.body",
                         {{"product", std::string(product_name)},
                          {"company", recipient.company_name},
                          {"account", recipient.username},
                          {"time", minute_text(now)}}),
                     say(recipient, "mail.two_factor_off_by_admin.turn_on"),
                     say(recipient, "mail.two_factor_off_by_admin.not_you")},
      .code = "",
  };
  return record_of(content, recipient, now);
}

}  // namespace twofold::server
