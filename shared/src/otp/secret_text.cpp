#include "twofold/otp/secret_text.hpp"

namespace twofold::otp {

std::string group_secret_for_reading(std::string_view base32) {
  std::string grouped;
  grouped.reserve(base32.size() + base32.size() / secret_group_size);
  for (std::size_t i = 0; i < base32.size(); ++i) {
    if (i > 0 && i % secret_group_size == 0) grouped.push_back(' ');
    grouped.push_back(base32[i]);
  }
  return grouped;
}

}  // namespace twofold::otp
