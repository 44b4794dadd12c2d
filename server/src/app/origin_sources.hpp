#pragma once
// What tells a client's origin, from the configuration: uap-core's rules
// (--user-agent-rules) and the location database (--geoip-database, optional).
// Either failing to load stops the start with the reason.
#include <memory>

#include "client/place_locator.hpp"
#include "client/user_agent_parser.hpp"
#include "config/config.hpp"

namespace twofold::server {

class logger;

// Compiled once per process and shared by every app it builds: the rules
// never change while it runs, and compiling ~1,100 regexes is not free.
// Throws std::runtime_error when the rules cannot be read.
[[nodiscard]] std::shared_ptr<const user_agent_parser> load_user_agent_rules(const config& cfg, logger& log);

// Throws std::runtime_error when a configured database cannot be opened.
[[nodiscard]] place_locator load_places(const config& cfg);

}  // namespace twofold::server
