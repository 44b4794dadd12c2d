#include "app/origin_sources.hpp"

#include <map>
#include <mutex>
#include <stdexcept>

namespace twofold::server {

std::shared_ptr<const user_agent_parser> load_user_agent_rules(const config& cfg, logger& log) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const user_agent_parser>> loaded;
  const std::lock_guard lock(mutex);
  auto& parser = loaded[cfg.user_agent_rules];
  if (!parser) {
    parser =
        std::make_shared<const user_agent_parser>(user_agent_parser::load_in_background(cfg.user_agent_rules, log));
  }
  return parser;
}

place_locator load_places(const config& cfg) {
  auto places = place_locator::load(cfg.geoip_database ? std::optional<std::filesystem::path>(*cfg.geoip_database)
                                                       : std::nullopt);
  if (!places.has_value()) throw std::runtime_error(places.error());
  return std::move(places).value();
}

}  // namespace twofold::server
