#pragma once
// The notices that tell a person about their account's security: what
// happened, when, from where (device, place, IP address), and a link to
// Profile > Security in case it was not them. Each goes out with an audit
// event of its own, through the durable outbox.
#include <string>

#include "account/sign_in_origin.hpp"
#include "account/user.hpp"

namespace twofold::server {

enum class security_notice_kind {
  new_device,               // signed in from a device the account never used
  new_location,             // from a place it never signed in from
  new_device_and_location,  // both
  blocked_device,           // the right password from a blocked device: refused
  blocked_location,         // from a blocked location: refused
  password_known,           // the right password, then a wrong code
  two_factor_on,            // the person turned 2FA on
  two_factor_off,           // the person turned 2FA off
  backup_codes_new,         // new backup codes replaced the old ones
};

// Where a person changed their account's security from, for its notice.
struct acting_from {
  sign_in_origin origin;
  std::string security_link;  // Profile > Security
};

[[nodiscard]] outbox_mail_record security_notice(security_notice_kind kind, const user& recipient,
                                                 const sign_in_origin& origin, const std::string& security_link,
                                                 timestamp now);

// The kind for a sign-in from something new; empty when nothing is new.
[[nodiscard]] std::optional<security_notice_kind> novelty_notice(bool new_device, bool new_location);

}  // namespace twofold::server
