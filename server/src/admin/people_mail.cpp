#include "admin/people_mail.hpp"

#include <string>

#include "mail/notice_mail.hpp"
#include "account/product_name.hpp"

namespace twofold::server {

outbox_mail_record email_changed_mail(const user& before, std::string_view new_email, timestamp now) {
  const mail_recipient to = recipient_of(before);
  const auto mail = plain_notice(
      say(to, "mail.email_changed.subject", {{"product", std::string(product_name)}}),
      {greeting(to),
       say(to, "mail.email_changed.body",
           {{"product", std::string(product_name)},
            {"company", before.company_name},
            {"account", before.username},
            {"email", std::string(new_email)},
            {"time", minute_text(now)}}),
       say(to, "mail.email_changed.not_you")});
  return outbox_record(mail, to, now);
}

}  // namespace twofold::server
