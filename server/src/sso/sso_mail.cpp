#include "sso/sso_mail.hpp"

#include <string>

#include "account/product_name.hpp"
#include "mail/notice_mail.hpp"

namespace twofold::server {

outbox_mail_record sso_mail(sso_mail_kind kind, const user& recipient, std::string_view provider_name,
                            std::string_view external_account, timestamp now) {
  const mail_recipient to = recipient_of(recipient);
  const std::string prefix = kind == sso_mail_kind::linked ? "mail.sso_linked" : "mail.sso_unlinked";
  const i18n::message_arguments names{{"product", std::string(product_name)},
                                      {"company", recipient.company_name},
                                      {"account", recipient.username},
                                      {"provider", std::string(provider_name)},
                                      {"external", std::string(external_account)},
                                      {"time", minute_text(now)}};
  const auto content = plain_notice(say(to, prefix + ".subject", names),
                                    {greeting(to), say(to, prefix + ".body", names), say(to, prefix + ".not_you")});
  return outbox_record(content, to, now);
}

}  // namespace twofold::server
