#include "admin/requirement_mail.hpp"

#include "account/product_name.hpp"

namespace twofold::server {

outbox_mail_record requirement_on_mail(const user& recipient, const user& changed_by,
                                       const std::vector<std::string_view>& turned_on, timestamp now) {
  const mail_recipient to = recipient_of(recipient);
  std::vector<std::string> paragraphs{
      greeting(to), say(to, "mail.requirement_on.body",
                        {{"name", changed_by.display_name},
                         {"account", changed_by.username},
                         {"company", recipient.company_name},
                         {"time", minute_text(now)}})};
  for (const auto setting : turned_on) paragraphs.push_back("• " + say(to, "mail.requirement_on." + std::string(setting)));
  paragraphs.push_back(say(to, "mail.requirement_on.advice"));
  const auto content = plain_notice(
      say(to, "mail.requirement_on.subject", {{"product", std::string(product_name)}, {"company", recipient.company_name}}),
      std::move(paragraphs));
  return outbox_record(content, to, now);
}

}  // namespace twofold::server
