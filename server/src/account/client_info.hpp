#pragma once
// Who is knocking, as far as the server can tell: recorded with sessions and
// audit events, and the key of per-address throttling.
#include <optional>
#include <string>

#include "storage/records.hpp"

namespace twofold::server {

struct client_info {
  std::string ip;          // textual peer address
  std::string user_agent;  // as sent, cut to a bounded length by the caller
  // The browser's device cookie, hashed (sign_in_origin.hpp); empty when it
  // sent none and was given none.
  std::optional<session_token_hash> device = std::nullopt;
};

}  // namespace twofold::server
