#include "twofold/qr/reed_solomon.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace twofold::qr {

namespace {

// Powers of the generator a = 2 and their logarithms, so a product is one
// addition of logarithms. exp is written twice over: log x + log y < 2 * 255.
struct field_tables {
  std::array<std::uint8_t, 2 * 255> exp{};
  std::array<std::uint8_t, 256> log{};
};

constexpr field_tables tables = [] {
  field_tables built;
  unsigned power = 1;
  for (std::size_t i = 0; i < 255; ++i) {
    built.exp[i] = built.exp[i + 255] = static_cast<std::uint8_t>(power);
    built.log[power] = static_cast<std::uint8_t>(i);
    power = (power << 1) ^ ((power >> 7) * 0x11Du);  // times a, reduced by x^8 + x^4 + x^3 + x^2 + 1
  }
  return built;
}();

}  // namespace

std::uint8_t field_multiply(std::uint8_t x, std::uint8_t y) {
  if (x == 0 || y == 0) return 0;
  return tables.exp[static_cast<std::size_t>(tables.log[x]) + tables.log[y]];
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
