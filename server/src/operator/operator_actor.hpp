#pragma once
// The operator in the audit log: a command on the server machine, not a
// person of any company. Events carry by_operator: true in their detail
// (account/audit.hpp), shown as "Operator" where an administrator's name
// would be; the client is the command itself.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "account/audit.hpp"
#include "account/client_info.hpp"

namespace twofold::server {

// `command`: e.g. "company add"; recorded as the user agent, the address empty.
[[nodiscard]] inline client_info operator_client(std::string_view command) {
  return client_info{.ip = "", .user_agent = "twofold-server " + std::string(command)};
}

[[nodiscard]] inline nlohmann::json by_the_operator() { return {{std::string(audit::by_operator), true}}; }

}  // namespace twofold::server
