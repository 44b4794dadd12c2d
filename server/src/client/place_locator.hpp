#pragma once
// Where a client address is, as far as a location database tells: a
// MaxMind DB file in the GeoLite2-City layout (MaxMind's GeoLite2 City, or
// DB-IP's IP to City Lite, which uses the same fields: country.iso_code,
// country.names.<lang>, city.names.<lang>). The database is optional;
// without one, or for an address it lacks, a place is its network alone
// (network_prefix.hpp), which still tells one network from another.
//
// The file is opened once (memory-mapped, read only) and never changes
// under the server; lookups are thread-safe (libmaxminddb guarantees it
// for an opened database). Reloading means a new place_locator.
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "twofold/result.hpp"

struct MMDB_s;

namespace twofold::server {

struct place {
  // The database's network of the address when it has one ("198.51.100.0/24",
  // "127.0.0.1/32"), else its /24 or /48; "" when the text is no IP address.
  std::string network;
  std::string country_code;                         // ISO 3166-1 alpha-2, "DE"; "" unknown
  std::map<std::string, std::string> city_names;    // by the database's language tags: "en", "zh-CN"
  std::map<std::string, std::string> country_names;

  friend bool operator==(const place&, const place&) = default;
};

class place_locator {
 public:
  // nullopt: no database. A path: the database opened, or an error message
  // naming the file and why it cannot be used. Never throws.
  [[nodiscard]] static result<place_locator, std::string> load(const std::optional<std::filesystem::path>& database);

  place_locator(place_locator&&) noexcept;
  place_locator& operator=(place_locator&&) noexcept;
  place_locator(const place_locator&) = delete;
  place_locator& operator=(const place_locator&) = delete;
  ~place_locator();

  // `ip`: an address as text ("203.0.113.7", "2001:db8::1", "::ffff:203.0.113.7").
  // Thread-safe; never fails: an unknown place is empty but for its network.
  [[nodiscard]] place locate(std::string_view ip) const;

  [[nodiscard]] bool has_database() const { return database_ != nullptr; }

 private:
  struct closer {
    void operator()(MMDB_s* database) const;
  };
  explicit place_locator(std::unique_ptr<MMDB_s, closer> database);

  std::unique_ptr<MMDB_s, closer> database_;  // null: no database
};

}  // namespace twofold::server
