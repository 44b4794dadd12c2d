#pragma once
// Where a sign-in comes from: the browser (its device cookie, and the names
// its User-Agent gives) and the place (its address, located when a location
// database knows it). What the account knows of both decides whether the
// second factor is asked (twofold/security/second_factor_rules.hpp), whether
// the sign-in is refused (a blocked device or location) and which notices go
// out; the session keeps which device and place it opened from.
#include <optional>
#include <string>

#include "account/client_info.hpp"
#include "client/place_locator.hpp"
#include "client/user_agent_parser.hpp"
#include "storage/origin_records.hpp"
#include "twofold/i18n/catalog.hpp"

namespace twofold::server {

struct sign_in_origin {
  client_info client;
  device_description device;
  place location;
};

// What makes a place one place for the account: "DE/Berlin" (country and the
// city's English name), "DE" (the country alone), else the network.
[[nodiscard]] std::string place_key(const place& location);

[[nodiscard]] device_name_record to_record(const device_description& device);
[[nodiscard]] place_record to_record(const place& location);

// The origin and what storage knew of it for one account, read before a
// sign-in step decides.
struct origin_facts {
  sign_in_origin origin;
  known_origin_record known;
  std::string security_link;  // Profile > Security, for the notices

  [[nodiscard]] bool new_device() const { return !known.device; }
  [[nodiscard]] bool new_location() const { return !known.location; }
  // The account signed in from a device before: notices of new ones make sense.
  [[nodiscard]] bool account_has_history() const { return known.any_device; }
};

class origin_finder;
class storage;

// Where `client` comes from, as `user_id`'s account knows it.
[[nodiscard]] origin_facts read_origin_facts(storage& store, const origin_finder& finder, row_id user_id,
                                             const client_info& client, std::string security_link);

enum class blocked_origin { device, location };

// The first block that refuses this sign-in, if any.
[[nodiscard]] std::optional<blocked_origin> blocked_by(const known_origin_record& known);
[[nodiscard]] std::string_view blocked_origin_name(blocked_origin what);  // "device" | "location"

// A place's city and country in `lang` (English when the database has no
// name in it; "" unknown).
struct place_names {
  std::string city;
  std::string country;
};
[[nodiscard]] place_names names_in(const place_record& location, i18n::language lang);

// Tells a client's origin: its User-Agent's names and its address's place.
class origin_finder {
 public:
  origin_finder(const user_agent_parser& agents, const place_locator& places) : agents_(agents), places_(places) {}
  [[nodiscard]] sign_in_origin find(const client_info& client) const;

 private:
  const user_agent_parser& agents_;
  const place_locator& places_;
};

}  // namespace twofold::server
