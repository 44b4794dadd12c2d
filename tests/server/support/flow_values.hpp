#pragma once
// Values the pure flow tests (*_flow_test.cpp) start from: a browser, and
// Bob, an agent of company 3, as the domain sees him (no database).
#include "account/client_info.hpp"
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

}  // namespace twofold::server::testing
