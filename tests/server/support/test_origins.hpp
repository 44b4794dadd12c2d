#pragma once
// Where the services' tests sign in from: Debian's uap-core rules, loaded once
// per test process (compiling them takes a while), and no location database,
// so every place is its network.
#include <sstream>
#include <stdexcept>

#include "account/sign_in_origin.hpp"
#include "client/place_locator.hpp"
#include "client/user_agent_parser.hpp"
#include "runtime/logger.hpp"

namespace twofold::server::testing {

inline const user_agent_parser& uap_core_parser() {
  static std::ostringstream log_text;
  static logger log(log_text);
  static const user_agent_parser loaded = [] {
    auto parser = user_agent_parser::load("/usr/share/uap-core/regexes.yaml", log);
    if (!parser) throw std::runtime_error(parser.error());
    return std::move(parser).value();
  }();
  return loaded;
}

inline const origin_finder& test_origin_finder() {
  static const place_locator no_database = [] {
    auto places = place_locator::load(std::nullopt);
    if (!places) throw std::runtime_error(places.error());
    return std::move(places).value();
  }();
  static const origin_finder finder(uap_core_parser(), no_database);
  return finder;
}

}  // namespace twofold::server::testing
