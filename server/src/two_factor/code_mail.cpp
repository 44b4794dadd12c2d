#include "two_factor/code_mail.hpp"

#include <string>
#include <utility>
#include <vector>

#include "mail/notice_mail.hpp"
#include "account/product_name.hpp"

namespace twofold::server {


outbox_mail_record code_mail(sent_code_kind kind, const user& recipient, std::string_view code,
                             std::chrono::seconds valid_for, timestamp now) {
  const mail_recipient to = recipient_of(recipient);
  const bool sign_in = kind == sent_code_kind::sign_in;
  const i18n::message_arguments names{{"product", std::string(product_name)}, {"company", recipient.company_name}};
  const notice_mail content{
      .subject = say(to, sign_in ? "mail.sign_in_code.subject" : "mail.setup_code.subject", names),
      .paragraphs = {greeting(to), say(to, sign_in ? "mail.sign_in_code.body" : "mail.setup_code.body", names),
                     say(to, "mail.code.expires",
                         {{"minutes", std::chrono::ceil<std::chrono::minutes>(valid_for).count()}}),
                     say(to, "mail.code.ignore")},
      .kind = notice_mail::highlight::code,
      .highlighted = std::string(code),
  };
  return outbox_record(content, to, now);
}

outbox_mail_record phone_changed_mail(const user& recipient, std::string_view from_hint, std::string_view to_hint,
                                      timestamp now) {
  const mail_recipient to = recipient_of(recipient);
  const auto content = plain_notice(
      say(to, "mail.phone_changed.subject", {{"product", std::string(product_name)}}),
      {greeting(to),
       say(to, "mail.phone_changed.body",
           {{"product", std::string(product_name)},
            {"company", recipient.company_name},
            {"account", recipient.username},
            {"from", std::string(from_hint)},
            {"to", std::string(to_hint)},
            {"time", minute_text(now)}}),
       say(to, "mail.phone_changed.not_you")});
  return outbox_record(content, to, now);
}

outbox_mail_record account_locked_mail(const user& recipient, const lock_mode& mode, timestamp now) {
  const mail_recipient to = recipient_of(recipient);
  const auto content = plain_notice(
      say(to, "mail.account_locked.subject", {{"product", std::string(product_name)}}),
      {greeting(to),
                     say(to, "mail.account_locked.body",
                         {{"product", std::string(product_name)},
                          {"company", recipient.company_name},
                          {"account", recipient.username},
                          {"count", max_code_failures},
                          {"time", minute_text(now)}}),
                     mode.duration ? say(to, "mail.account_locked.timed",
                                         {{"minutes", mode.duration->count()}})
                                   : say(to, "mail.account_locked.until_unlocked"),
                     say(to, "mail.account_locked.not_you")});
  return outbox_record(content, to, now);
}

outbox_mail_record admin_code_mail(const user& recipient, timestamp expires_at, timestamp now) {
  const mail_recipient to = recipient_of(recipient);
  const auto content = plain_notice(
      say(to, "mail.admin_code.subject", {{"product", std::string(product_name)}}),
      {greeting(to),
                     say(to, "mail.admin_code.body",
                         {{"product", std::string(product_name)},
                          {"company", recipient.company_name},
                          {"account", recipient.username},
                          {"time", minute_text(now)},
                          {"expires", minute_text(expires_at)}}),
                     say(to, "mail.admin_code.not_you")});
  return outbox_record(content, to, now);
}

outbox_mail_record two_factor_off_by_admin_mail(const user& recipient, timestamp now) {
  const mail_recipient to = recipient_of(recipient);
  const auto content = plain_notice(
      say(to, "mail.two_factor_off_by_admin.subject"),
      {greeting(to),
                     say(to, "mail.two_factor_off_by_admin.body",
                         {{"product", std::string(product_name)},
                          {"company", recipient.company_name},
                          {"account", recipient.username},
                          {"time", minute_text(now)}}),
                     say(to, "mail.two_factor_off_by_admin.turn_on"),
                     say(to, "mail.two_factor_off_by_admin.not_you")});
  return outbox_record(content, to, now);
}

}  // namespace twofold::server
