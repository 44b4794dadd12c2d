#include "qr/bit_buffer.hpp"

#include <cstddef>

namespace twofold::qr {

void bit_buffer::append(std::uint32_t value, int count) {
  for (int bit = count - 1; bit >= 0; --bit) bits_.push_back(((value >> bit) & 1u) != 0);
}

std::vector<std::uint8_t> bit_buffer::bytes() const {
  std::vector<std::uint8_t> packed(bits_.size() / 8, 0);
  for (std::size_t i = 0; i < bits_.size(); ++i) {
    if (bits_[i]) packed[i / 8] = static_cast<std::uint8_t>(packed[i / 8] | (0x80u >> (i % 8)));
  }
  return packed;
}

}  // namespace twofold::qr
