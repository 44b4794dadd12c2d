#include "two_factor/sms_number.hpp"

namespace twofold::server {

std::vector<std::uint8_t> seal_phone(const server_key& key, std::string_view e164) {
  return key.seal(std::span(reinterpret_cast<const std::uint8_t*>(e164.data()), e164.size()));
}

std::optional<std::string> open_phone(const server_key& key, std::span<const std::uint8_t> sealed) {
  if (sealed.empty()) return std::nullopt;
  const auto opened = key.open(sealed);
  if (!opened) return std::nullopt;
  return std::string(opened->begin(), opened->end());
}

std::optional<std::string> sms_number_of(storage& store, const server_key& key, row_id user_id) {
  const auto method = store.find_two_factor(user_id);
  return method ? open_phone(key, method->sealed_phone) : std::nullopt;
}

}  // namespace twofold::server
