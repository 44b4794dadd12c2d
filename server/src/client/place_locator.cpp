#include "client/place_locator.hpp"

#include <maxminddb.h>
#include <netinet/in.h>

#include <cerrno>
#include <cstring>

#include "client/network_prefix.hpp"
#include "twofold/text/stored_text.hpp"

namespace twofold::server {

namespace {

// Names are shown to people; a database is trusted for its facts, not its bytes.
constexpr std::size_t max_name_bytes = 200;

std::string text_of(const MMDB_entry_data_s& data) {
  return text::stored_text(std::string_view(data.utf8_string, data.data_size), max_name_bytes);
}

struct entry_list_deleter {
  void operator()(MMDB_entry_data_list_s* list) const { MMDB_free_entry_data_list(list); }
};

// Skips one value of an entry data list (a flat walk of maps and arrays)
// with everything it holds; nullptr at the end of the list.
const MMDB_entry_data_list_s* skip_value(const MMDB_entry_data_list_s* at) {
  if (at == nullptr) return nullptr;
  const auto& value = at->entry_data;
  at = at->next;
  if (value.type == MMDB_DATA_TYPE_MAP) {
    for (std::uint32_t pair = 0; pair < value.data_size && at != nullptr; ++pair) at = skip_value(at->next);
  } else if (value.type == MMDB_DATA_TYPE_ARRAY) {
    for (std::uint32_t item = 0; item < value.data_size && at != nullptr; ++item) at = skip_value(at);
  }
  return at;
}

// The string members of the map at `path` ({"city", "names", nullptr}), by key.
std::map<std::string, std::string> names_at(MMDB_entry_s entry, const char* const* path) {
  std::map<std::string, std::string> names;
  MMDB_entry_data_s map{};
  if (MMDB_aget_value(&entry, &map, path) != MMDB_SUCCESS || !map.has_data || map.type != MMDB_DATA_TYPE_MAP) {
    return names;
  }
  MMDB_entry_s start{.mmdb = entry.mmdb, .offset = map.offset};
  MMDB_entry_data_list_s* raw = nullptr;
  if (MMDB_get_entry_data_list(&start, &raw) != MMDB_SUCCESS) return names;
  const std::unique_ptr<MMDB_entry_data_list_s, entry_list_deleter> list(raw);
  const MMDB_entry_data_list_s* at = list ? list->next : nullptr;
  for (std::uint32_t pair = 0; pair < map.data_size && at != nullptr && at->next != nullptr; ++pair) {
    const auto& key = at->entry_data;
    const auto& value = at->next->entry_data;
    if (key.type == MMDB_DATA_TYPE_UTF8_STRING && value.type == MMDB_DATA_TYPE_UTF8_STRING) {
      names.emplace(text_of(key), text_of(value));
    }
    at = skip_value(at->next);
  }
  return names;
}

std::string string_at(MMDB_entry_s entry, const char* const* path) {
  MMDB_entry_data_s value{};
  if (MMDB_aget_value(&entry, &value, path) != MMDB_SUCCESS || !value.has_data ||
      value.type != MMDB_DATA_TYPE_UTF8_STRING) {
    return {};
  }
  return text_of(value);
}

MMDB_lookup_result_s lookup(const MMDB_s& database, const ip_address& address) {
  int error = MMDB_SUCCESS;
  MMDB_lookup_result_s found{};
  if (address.v4) {
    sockaddr_in socket_address{};
    socket_address.sin_family = AF_INET;
    std::memcpy(&socket_address.sin_addr, address.bytes.data(), 4);
    found = MMDB_lookup_sockaddr(&database, reinterpret_cast<const sockaddr*>(&socket_address), &error);
  } else {
    sockaddr_in6 socket_address{};
    socket_address.sin6_family = AF_INET6;
    std::memcpy(&socket_address.sin6_addr, address.bytes.data(), 16);
    found = MMDB_lookup_sockaddr(&database, reinterpret_cast<const sockaddr*>(&socket_address), &error);
  }
  if (error != MMDB_SUCCESS) found.found_entry = false;
  return found;
}

// libmaxminddb counts an IPv4 address's prefix in an IPv6 database from the
// start of ::a.b.c.d, 96 bits before the IPv4 address's own.
unsigned prefix_bits(const MMDB_s& database, const ip_address& address, std::uint16_t netmask) {
  const bool ipv4_in_ipv6 = address.v4 && database.metadata.ip_version == 6;
  if (!ipv4_in_ipv6) return netmask;
  return netmask > 96 ? netmask - 96U : 0U;
}

}  // namespace

void place_locator::closer::operator()(MMDB_s* database) const {
  MMDB_close(database);
  delete database;
}

place_locator::place_locator(std::unique_ptr<MMDB_s, closer> database) : database_(std::move(database)) {}
place_locator::place_locator(place_locator&&) noexcept = default;
place_locator& place_locator::operator=(place_locator&&) noexcept = default;
place_locator::~place_locator() = default;

result<place_locator, std::string> place_locator::load(const std::optional<std::filesystem::path>& database) {
  if (!database) return place_locator(nullptr);
  auto opened = std::make_unique<MMDB_s>();
  const int status = MMDB_open(database->c_str(), MMDB_MODE_MMAP, opened.get());
  if (status != MMDB_SUCCESS) {
    std::string reason = MMDB_strerror(status);
    if (status == MMDB_IO_ERROR || status == MMDB_FILE_OPEN_ERROR) reason += std::string(": ") + std::strerror(errno);
    return failure{"cannot open location database " + database->string() + ": " + reason};
  }
  return place_locator(std::unique_ptr<MMDB_s, closer>(opened.release()));
}

place place_locator::locate(std::string_view ip) const {
  const auto address = parse_ip_address(ip);
  if (!address) return {};
  place found{.network = default_network(*address), .country_code = {}, .city_names = {}, .country_names = {}};
  if (!database_) return found;
  const auto hit = lookup(*database_, *address);
  if (!hit.found_entry) return found;
  static constexpr const char* country_code_path[] = {"country", "iso_code", nullptr};
  static constexpr const char* country_names_path[] = {"country", "names", nullptr};
  static constexpr const char* city_names_path[] = {"city", "names", nullptr};
  found.network = network_text(*address, prefix_bits(*database_, *address, hit.netmask));
  found.country_code = string_at(hit.entry, country_code_path);
  found.country_names = names_at(hit.entry, country_names_path);
  found.city_names = names_at(hit.entry, city_names_path);
  return found;
}

}  // namespace twofold::server
