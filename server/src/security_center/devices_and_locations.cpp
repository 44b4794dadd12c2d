#include "security_center/devices_and_locations.hpp"

#include <algorithm>

#include "account/audit.hpp"
#include "runtime/clock.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

namespace {

bool is_current(const device_record& device, const client_info& client) {
  return client.device && device.token_hash == *client.device;
}

template <class View, class Record, class Current>
std::vector<View> views_of(std::vector<Record> records, Current current) {
  std::vector<View> views;
  for (auto& record : records) {
    const bool here = current(record);
    views.push_back(View{std::move(record), here});
  }
  return views;
}

audit_event_record block_event(bool blocked, std::string_view blocked_name, std::string_view unblocked_name,
                               const user& account, const client_info& client, timestamp now,
                               const nlohmann::json& detail) {
  return audit_event(blocked ? blocked_name : unblocked_name, client, now, account.company_id, account.id, detail);
}

}  // namespace

std::vector<device_view> devices_and_locations::devices(const active_session& session, const client_info& client) {
  return views_of<device_view>(store_.list_devices(session.account.id),
                               [&](const device_record& device) { return is_current(device, client); });
}

std::vector<location_view> devices_and_locations::locations(const active_session& session, const client_info& client) {
  const auto here = place_key(origins_.find(client).location);
  return views_of<location_view>(store_.list_locations(session.account.id),
                                 [&](const location_record& location) { return location.place.key == here; });
}

std::variant<device_view, block_refusal> devices_and_locations::set_device_blocked(const active_session& session,
                                                                                  row_id id, bool blocked,
                                                                                  const client_info& client) {
  const auto all = devices(session, client);
  const auto found = std::ranges::find_if(all, [&](const device_view& view) { return view.device.id == id; });
  if (found == all.end()) return block_refusal::not_found;
  if (blocked && found->current) return block_refusal::current;
  const auto& account = session.account;
  const auto now = clock_.now();
  change_set changes;
  changes.origins.devices.push_back({.user_id = account.id, .id = id, .blocked_at = blocked ? std::optional(now) : std::nullopt});
  if (blocked) changes.sessions.ended_from_device.push_back({.user_id = account.id, .origin_id = id});
  const auto& name = found->device.name;
  changes.audit_events.push_back(block_event(blocked, audit::device_blocked, audit::device_unblocked, account, client,
                                             now, {{"device_id", id}, {"browser", name.browser}, {"os", name.os}}));
  store_.apply(changes);
  auto changed = *found;
  changed.device.blocked_at = blocked ? std::optional(now) : std::nullopt;
  return changed;
}

std::variant<location_view, block_refusal> devices_and_locations::set_location_blocked(const active_session& session,
                                                                                      row_id id, bool blocked,
                                                                                      const client_info& client) {
  const auto all = locations(session, client);
  const auto found = std::ranges::find_if(all, [&](const location_view& view) { return view.location.id == id; });
  if (found == all.end()) return block_refusal::not_found;
  if (blocked && found->current) return block_refusal::current;
  const auto& account = session.account;
  const auto now = clock_.now();
  change_set changes;
  changes.origins.locations.push_back({.user_id = account.id, .id = id, .blocked_at = blocked ? std::optional(now) : std::nullopt});
  if (blocked) changes.sessions.ended_from_location.push_back({.user_id = account.id, .origin_id = id});
  changes.audit_events.push_back(block_event(blocked, audit::location_blocked, audit::location_unblocked, account,
                                             client, now, {{"location_id", id}, {"place", found->location.place.key}}));
  store_.apply(changes);
  auto changed = *found;
  changed.location.blocked_at = blocked ? std::optional(now) : std::nullopt;
  return changed;
}

}  // namespace twofold::server
