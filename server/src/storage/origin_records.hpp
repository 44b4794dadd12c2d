#pragma once
// Persistence records of where a user signs in from: devices (browsers, by a
// long-lived random cookie, only its SHA-256 kept) and locations (a city, or
// a network when no location is known), each per user, first and last seen,
// perhaps blocked. Sessions name the device and the location they opened from.
#include <optional>
#include <string>
#include <vector>

#include "storage/records.hpp"

namespace twofold::server {

// A browser's name as its User-Agent gives it (client/device_description.hpp).
struct device_name_record {
  std::string browser;
  std::string browser_version;
  std::string os;
  std::string os_version;
  std::string device;
};

struct device_record {
  row_id id = 0;  // ignored on insert
  row_id user_id = 0;
  session_token_hash token_hash{};
  device_name_record name;
  timestamp first_seen_at{};
  timestamp last_seen_at{};
  std::string last_ip = {};
  std::optional<timestamp> blocked_at = std::nullopt;
};

// A place as the location database names it; names by language tag, as JSON
// objects ({"en": "Berlin", "zh-CN": "柏林"}).
struct place_record {
  std::string key;  // what makes it one place: "DE/Berlin", "DE", or the network
  std::string network;
  std::string country_code;
  std::string city_names = "{}";
  std::string country_names = "{}";
};

struct location_record {
  row_id id = 0;  // ignored on insert
  row_id user_id = 0;
  place_record place;
  timestamp first_seen_at{};
  timestamp last_seen_at{};
  std::string last_ip = {};
  std::optional<timestamp> blocked_at = std::nullopt;
};

// What storage knew of a sign-in's device and place for its user.
struct known_origin_record {
  std::optional<device_record> device;
  std::optional<location_record> location;
  bool any_device = false;  // the user has signed in from some device before
};

// A live session with the device and place it opened from.
struct session_overview_record {
  row_id id = 0;
  row_id user_id = 0;
  std::string username;
  std::string display_name;
  session_token_hash token_hash{};
  timestamp created_at{};
  timestamp last_seen_at{};
  std::string ip;
  std::optional<device_name_record> device;
  std::optional<place_record> place;
};

struct session_overview_page {
  std::vector<session_overview_record> sessions;
  std::int64_t total = 0;
};

// A sign-in completed from this device and place: inserted, or its last
// sighting (and name, which a browser update changes) brought up to date.
struct origin_seen {
  row_id user_id = 0;
  session_token_hash device_hash{};
  device_name_record device;
  place_record place;
  std::string ip;
  timestamp now{};
};

// A device or location of a user blocked (at `blocked_at`) or unblocked (empty).
struct origin_block {
  row_id user_id = 0;
  row_id id = 0;
  std::optional<timestamp> blocked_at = std::nullopt;
};

struct origin_changes {
  std::vector<origin_seen> seen;
  std::vector<origin_block> devices;
  std::vector<origin_block> locations;
};

}  // namespace twofold::server
