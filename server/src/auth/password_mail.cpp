#include "auth/password_mail.hpp"

#include <string>
#include <vector>

#include "app/api_answers.hpp"
#include "two_factor/method.hpp"

namespace twofold::server {

namespace {

std::string html_escaped(std::string_view text) {
  std::string escaped;
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
  const std::string iso = iso8601(at);
  return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

std::string_view key_of(password_mail_kind kind) {
  switch (kind) {
    case password_mail_kind::forgot_link: return "forgot_link";
    case password_mail_kind::changed: return "changed";
    case password_mail_kind::reset_by_admin_link: return "admin_link";
    case password_mail_kind::reset_by_admin_temporary: return "admin_temporary";
    case password_mail_kind::created_with_link: return "created_link";
    case password_mail_kind::created_with_temporary: return "created_temporary";
  }
  return "changed";
}

bool is_reset_link(password_mail_kind kind) {
  return kind == password_mail_kind::forgot_link || kind == password_mail_kind::reset_by_admin_link ||
         kind == password_mail_kind::created_with_link;
}

}  // namespace

outbox_mail_record password_mail(password_mail_kind kind, const user& recipient, std::string_view link,
                                 std::chrono::seconds valid_for, timestamp now) {
  const auto say = [&](std::string_view key, const placeholders& values = {}) {
    return fill_placeholders(i18n::translate(recipient.language, key), values);
  };
  const std::string prefix = "mail.password." + std::string(key_of(kind));
  const placeholders names{{"product", std::string(product_name)},
                           {"company", recipient.company_name},
                           {"account", recipient.username},
                           {"time", minute_text(now)}};
  const std::string subject = say(prefix + ".subject", names);
  // Greeting and body before the link, the rest after it.
  std::vector<std::string> before{say("mail.greeting", {{"name", recipient.display_name}}), say(prefix + ".body", names)};
  std::vector<std::string> after;
  if (is_reset_link(kind)) {
    const auto minutes = std::chrono::ceil<std::chrono::minutes>(valid_for).count();
    after.push_back(minutes % 60 == 0 ? say("mail.password.link_expires_hours", {{"hours", std::to_string(minutes / 60)}})
                                      : say("mail.password.link_expires", {{"minutes", std::to_string(minutes)}}));
  }
  after.push_back(say(kind == password_mail_kind::forgot_link ? "mail.password.ignore" : "mail.password.not_you"));

  std::string text;
  std::string html = "<!doctype html><html lang=\"" + std::string(i18n::language_tag(recipient.language)) +
                     "\"><head><meta charset=\"utf-8\"><title>" + html_escaped(subject) + "</title></head><body>";
  for (const auto& paragraph : before) {
    text += paragraph + "\n\n";
    html += "<p>" + html_escaped(paragraph) + "</p>";
  }
  text += std::string(link) + "\n\n";
  html += "<p><a href=\"" + html_escaped(link) + "\">" + html_escaped(link) + "</a></p>";
  for (const auto& paragraph : after) {
    text += paragraph + "\n\n";
    html += "<p>" + html_escaped(paragraph) + "</p>";
  }
  return outbox_mail_record{.id = 0,
                            .created_at = now,
                            .recipient = recipient.email,
                            .subject = subject,
                            .text_body = text,
                            .html_body = html + "</body></html>",
                            .attempts = 0};
}

}  // namespace twofold::server
