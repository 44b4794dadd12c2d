#include "security_center/sign_in_activity.hpp"

#include <chrono>

#include <nlohmann/json.hpp>

#include "account/audit.hpp"
#include "runtime/clock.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

namespace {

const std::string& sign_in_events() {
  static const std::string names = nlohmann::json::array({audit::sign_in_succeeded}).dump();
  return names;
}

const std::string& failure_events() {
  static const std::string names =
      nlohmann::json::array({audit::sign_in_failed, audit::second_step_failed, audit::sign_in_blocked, audit::sso_failed})
          .dump();
  return names;
}

}  // namespace

std::vector<activity_hour> sign_in_activity::last_week(const user& admin) {
  const auto this_hour = std::chrono::floor<std::chrono::hours>(clock_.now());
  const timestamp first = this_hour - std::chrono::hours{activity_hours - 1};
  std::vector<activity_hour> hours(static_cast<std::size_t>(activity_hours));
  for (std::size_t i = 0; i < hours.size(); ++i) hours[i].start = first + std::chrono::hours{i};
  const auto counted = store_.count_activity(admin.company_id, {.from = first,
                                                                .to = this_hour + std::chrono::hours{1},
                                                                .sign_in_events_json = sign_in_events(),
                                                                .failure_events_json = failure_events()});
  for (const auto& hour : counted) {
    const auto index = (timestamp{std::chrono::seconds{hour.hour_start}} - first) / std::chrono::hours{1};
    if (index < 0 || index >= activity_hours) continue;
    auto& slot = hours[static_cast<std::size_t>(index)];
    slot.sign_ins = hour.sign_ins;
    slot.failures = hour.failures;
  }
  return hours;
}

}  // namespace twofold::server
