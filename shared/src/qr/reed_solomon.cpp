#include "twofold/qr/reed_solomon.hpp"

#include <algorithm>
#include <cstddef>

namespace twofold::qr {

std::uint8_t field_multiply(std::uint8_t x, std::uint8_t y) {
  // Shift-and-add from the high bit of y, reducing by 0x11D on overflow.
  unsigned product = 0;
  for (int bit = 7; bit >= 0; --bit) {
    product = (product << 1) ^ ((product >> 7) * 0x11Du);
    if (((y >> bit) & 1) != 0) product ^= x;
  }
  return static_cast<std::uint8_t>(product);
}

reed_solomon_encoder::reed_solomon_encoder(int ecc_codewords)
    : generator_(static_cast<std::size_t>(ecc_codewords), 0) {
  // Start from the constant polynomial 1 and multiply in (x - a^i) for each i;
  // the leading coefficient stays 1 and is not stored.
  generator_.back() = 1;
  std::uint8_t root = 1;
  for (int i = 0; i < ecc_codewords; ++i) {
    for (std::size_t j = 0; j < generator_.size(); ++j) {
      generator_[j] = field_multiply(generator_[j], root);
      if (j + 1 < generator_.size()) generator_[j] ^= generator_[j + 1];
    }
    root = field_multiply(root, 2);
  }
}

std::vector<std::uint8_t> reed_solomon_encoder::remainder(std::span<const std::uint8_t> data) const {
  std::vector<std::uint8_t> remainder(generator_.size(), 0);
  for (const std::uint8_t codeword : data) {
    const auto factor = static_cast<std::uint8_t>(codeword ^ remainder.front());
    std::rotate(remainder.begin(), remainder.begin() + 1, remainder.end());
    remainder.back() = 0;
    for (std::size_t i = 0; i < remainder.size(); ++i) remainder[i] ^= field_multiply(generator_[i], factor);
  }
  return remainder;
}

}  // namespace twofold::qr
