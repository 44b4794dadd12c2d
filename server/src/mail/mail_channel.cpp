#include "mail/mail_channel.hpp"

namespace twofold::server {

std::vector<outbox_message> mail_channel::claim_due(timestamp now, std::size_t limit, std::string_view claimer,
                                                    timestamp lease_until) {
  auto claimed = store_.claim_due_mail(now, limit, claimer, lease_until);
  return {std::make_move_iterator(claimed.begin()), std::make_move_iterator(claimed.end())};
}

delivery_result mail_channel::deliver(const outbox_message& message) {
  const auto& mail = std::get<outbox_mail_record>(message);
  return transport_.deliver(outgoing_mail{
      .id = mail.id,
      .created_at = mail.created_at,
      .message = {.to = mail.recipient, .subject = mail.subject, .text = mail.text_body, .html = mail.html_body},
  });
}

}  // namespace twofold::server
