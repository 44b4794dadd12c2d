#include "security_center/time_zone_setting.hpp"

#include "storage/storage.hpp"
#include "twofold/validation/time_zone.hpp"

namespace twofold::server {

std::optional<field_error> change_time_zone(storage& store, const user& account,
                                            const std::optional<std::string>& time_zone) {
  if (time_zone) {
    if (auto error = check_time_zone(*time_zone)) return error;
  }
  change_set changes;
  changes.people.time_zones.push_back({.user_id = account.id, .time_zone = time_zone});
  store.apply(changes);
  return std::nullopt;
}

}  // namespace twofold::server
