#include "account/two_factor_policy.hpp"

namespace twofold::server {

two_factor_policy policy_of(const company_record& company) {
  return two_factor_policy{.trusted_browser_days = company.trusted_browser_days,
                           .require_two_factor = company.require_two_factor,
                           .ask = {.every_sign_in = company.second_factor_every_sign_in,
                                   .new_device = company.second_factor_new_device,
                                   .new_location = company.second_factor_new_location}};
}

}  // namespace twofold::server
