#pragma once
// Values the pure flow tests (*_flow_test.cpp) start from: a browser, and
// Bob, an agent of company 3, as the domain sees him (no database).
#include "account/client_info.hpp"
#include "account/security_notice.hpp"
#include "account/sign_in_origin.hpp"
#include "account/user.hpp"

namespace twofold::server::testing {

inline const client_info flow_browser{.ip = "198.51.100.4", .user_agent = "Test Browser"};

inline user bob_the_agent() {
  user bob;
  bob.id = 7;
  bob.company_id = 3;
  bob.company_name = "Acme Corp";
  bob.username = "bob";
  bob.email = "bob@acme.example";
  bob.display_name = "Bob Agent";
  bob.role = user_role::agent;
  bob.language = i18n::language::en;
  return bob;
}

// The browser above, from Paris, as an account knows it: the device and the
// location seen before or not. `history`: the account signed in from some
// device before.
inline origin_facts origin_of_browser(bool known_device, bool known_location, bool history = true) {
  origin_facts facts{
      .origin = {.client = flow_browser,
                 .device = {.browser = "Firefox", .browser_version = "121.0", .os = "Ubuntu", .os_version = "", .device = "Other"},
                 .location = {.network = "198.51.100.0/24",
                              .country_code = "FR",
                              .city_names = {{"en", "Paris"}},
                              .country_names = {{"en", "France"}}}},
      .known = {},
      .security_link = "https://twofold.example/profile/#security"};
  if (known_device) facts.known.device = device_record{.id = 5, .user_id = 7, .name = to_record(facts.origin.device)};
  if (known_location) facts.known.location = location_record{.id = 6, .user_id = 7, .place = to_record(facts.origin.location)};
  facts.known.any_device = known_device || history;
  return facts;
}

// A sign-in from the browser as the account has always known it.
inline origin_facts familiar_origin() { return origin_of_browser(true, true); }

// The browser, changing the account's security from where it always signs in.
inline acting_from acting_browser() {
  return {.origin = familiar_origin().origin, .security_link = familiar_origin().security_link};
}

}  // namespace twofold::server::testing
