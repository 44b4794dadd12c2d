#include "mail/mail_transport.hpp"

#include "mail/mail_address.hpp"

namespace twofold::server {

std::string message_id_for(const outgoing_mail& mail, std::string_view from) {
  return "twofold." + std::to_string(mail.id) + "." + std::to_string(mail.created_at.time_since_epoch().count()) +
         "@" + address_domain(from);
}

}  // namespace twofold::server
