#pragma once
// What tells a client's origin, from the configuration: uap-core's rules
// (--user-agent-rules) and the location database (--geoip-database, optional).
// A database failing to open stops the start with the reason; rules that
// cannot be read are logged and keep /readyz at 503 (user_agent_parser.hpp).
#include <memory>

#include "client/place_locator.hpp"
#include "client/user_agent_parser.hpp"
#include "config/config.hpp"

namespace twofold::server {

class logger;

// Compiled once per process, on a thread of its own from the first call on,
// and shared by every app it builds: the rules never change while it runs,
// and compiling ~1,100 regexes is not free. The first call's `log` tells how
// the load went: wait() on the parser before it dies.
[[nodiscard]] std::shared_ptr<const user_agent_parser> load_user_agent_rules(const config& cfg, logger& log);

// Throws std::runtime_error when a configured database cannot be opened.
[[nodiscard]] place_locator load_places(const config& cfg);

}  // namespace twofold::server
