#include "auth/password_mail.hpp"

#include <string>
#include <vector>

#include "mail/notice_mail.hpp"
#include "account/product_name.hpp"

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
    case password_mail_kind::reset_by_operator_link: return "operator_link";
    case password_mail_kind::reset_by_operator_temporary: return "operator_temporary";
    case password_mail_kind::created_by_operator_temporary: return "operator_created_temporary";
  }
  return "changed";
}

bool is_reset_link(password_mail_kind kind) {
  return kind == password_mail_kind::forgot_link || kind == password_mail_kind::reset_by_admin_link ||
         kind == password_mail_kind::created_with_link || kind == password_mail_kind::reset_by_operator_link;
}

}  // namespace

outbox_mail_record password_mail(password_mail_kind kind, const user& recipient, std::string_view link,
                                 std::chrono::seconds valid_for, timestamp now) {
  const mail_recipient to = recipient_of(recipient);
  const std::string prefix = "mail.password." + std::string(key_of(kind));
  const i18n::message_arguments names{{"product", std::string(product_name)},
                           {"company", recipient.company_name},
                           {"account", recipient.username},
                           {"time", minute_text(now)}};
  notice_mail mail{.subject = say(to, prefix + ".subject", names),
                   .paragraphs = {greeting(to), say(to, prefix + ".body", names)},
                   .kind = notice_mail::highlight::link,
                   .highlighted = std::string(link)};
  if (is_reset_link(kind)) {
    const auto minutes = std::chrono::ceil<std::chrono::minutes>(valid_for).count();
    mail.paragraphs.push_back(minutes % 60 == 0
                                  ? say(to, "mail.password.link_expires_hours", {{"hours", minutes / 60}})
                                  : say(to, "mail.password.link_expires", {{"minutes", minutes}}));
  }
  mail.paragraphs.push_back(
      say(to, kind == password_mail_kind::forgot_link ? "mail.password.ignore" : "mail.password.not_you"));
  return outbox_record(mail, to, now);
}

}  // namespace twofold::server
