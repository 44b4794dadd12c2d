#include "auth/password_mail.hpp"

#include <string>
#include <vector>

#include "mail/notice_mail.hpp"
#include "two_factor/method.hpp"

namespace twofold::server {

namespace {

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
  const std::string prefix = "mail.password." + std::string(key_of(kind));
  const placeholders names{{"product", std::string(product_name)},
                           {"company", recipient.company_name},
                           {"account", recipient.username},
                           {"time", minute_text(now)}};
  notice_mail mail{.subject = say(recipient, prefix + ".subject", names),
                   .paragraphs = {greeting(recipient), say(recipient, prefix + ".body", names)},
                   .kind = notice_mail::highlight::link,
                   .highlighted = std::string(link)};
  if (is_reset_link(kind)) {
    const auto minutes = std::chrono::ceil<std::chrono::minutes>(valid_for).count();
    mail.paragraphs.push_back(minutes % 60 == 0
                                  ? say(recipient, "mail.password.link_expires_hours", {{"hours", std::to_string(minutes / 60)}})
                                  : say(recipient, "mail.password.link_expires", {{"minutes", std::to_string(minutes)}}));
  }
  mail.paragraphs.push_back(
      say(recipient, kind == password_mail_kind::forgot_link ? "mail.password.ignore" : "mail.password.not_you"));
  return outbox_record(mail, recipient, now);
}

}  // namespace twofold::server
