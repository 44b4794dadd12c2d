#pragma once
// Every administrator of a company hears when a company-wide 2FA requirement
// is turned on ("Require 2FA for all users", or a rule of when the code is
// asked): it changes how everyone signs in, so no administrator should learn
// it from a colleague's complaint.
#include <string_view>
#include <vector>

#include "account/user.hpp"

namespace twofold::server {

// `turned_on`: the settings by their API names ("require_two_factor",
// "every_sign_in", "new_device", "new_location").
[[nodiscard]] outbox_mail_record requirement_on_mail(const user& recipient, const user& changed_by,
                                                     const std::vector<std::string_view>& turned_on, timestamp now);

}  // namespace twofold::server
