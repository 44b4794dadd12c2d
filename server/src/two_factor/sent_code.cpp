#include "two_factor/sent_code.hpp"

#include "two_factor/code_mail.hpp"
#include "two_factor/code_sms.hpp"
#include "twofold/phone/phone_number.hpp"

namespace twofold::server {

bool send_code(change_set& changes, const code_destination& to, sent_code_kind kind, const user& account,
               std::string_view code, std::chrono::seconds valid_for, timestamp now) {
  if (to.method != two_factor_method::sms) {
    changes.mail.push_back(code_mail(kind, account, code, valid_for, now));
    return true;
  }
  if (!to.phone) return false;
  changes.sms.push_back(code_sms(kind, account, *to.phone, code, valid_for, now));
  return true;
}

std::string destination_hint(const code_destination& to, const user& account) {
  if (to.method != two_factor_method::sms) return email_hint(account.email);
  return to.phone ? twofold::phone::mask_phone(*to.phone) : std::string();
}

}  // namespace twofold::server
