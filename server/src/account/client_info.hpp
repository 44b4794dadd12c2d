#pragma once
// Who is knocking, as far as the server can tell: recorded with sessions and
// audit events, and the key of per-address throttling.
#include <string>

namespace twofold::server {

struct client_info {
  std::string ip;          // textual peer address
  std::string user_agent;  // as sent, cut to a bounded length by the caller
};

}  // namespace twofold::server
