#pragma once
// A user's devices and locations (Profile > Security): each browser and each
// place the account signed in from, the last seen first, this one marked.
// Blocking one ends its sessions at once, and a sign-in from it is refused
// like a wrong password (flows/sign_in_steps.hpp). This browser and this
// place cannot be blocked from here: it would lock the person out of the
// page that undoes it.
#include <optional>
#include <variant>
#include <vector>

#include "account/sign_in_origin.hpp"
#include "auth/sessions.hpp"

namespace twofold::server {

class storage;
class clock;

struct device_view {
  device_record device;
  bool current = false;
};

struct location_view {
  location_record location;
  bool current = false;
};

enum class block_refusal {
  not_found,  // no such device or location of this user
  current,    // this browser, or the place this request comes from
};

class devices_and_locations {
 public:
  devices_and_locations(storage& store, const clock& clk, const origin_finder& origins)
      : store_(store), clock_(clk), origins_(origins) {}

  [[nodiscard]] std::vector<device_view> devices(const active_session& session, const client_info& client);
  [[nodiscard]] std::vector<location_view> locations(const active_session& session, const client_info& client);

  // `blocked`: block, or unblock.
  [[nodiscard]] std::variant<device_view, block_refusal> set_device_blocked(const active_session& session, row_id id,
                                                                           bool blocked, const client_info& client);
  [[nodiscard]] std::variant<location_view, block_refusal> set_location_blocked(const active_session& session,
                                                                               row_id id, bool blocked,
                                                                               const client_info& client);

 private:
  storage& store_;
  const clock& clock_;
  const origin_finder& origins_;
};

}  // namespace twofold::server
