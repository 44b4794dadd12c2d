#include "qr/module_grid.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <cstdlib>

namespace twofold::qr {
namespace {

// Remainder of data * x^check_bits divided by `generator` (of degree
// check_bits) over GF(2): the check bits of a BCH code word.
std::uint32_t bch_check_bits(std::uint32_t data, int check_bits, std::uint32_t generator) {
  std::uint32_t remainder = data << check_bits;
  for (int bit = 31; bit >= check_bits; --bit) {
    if ((remainder >> bit) & 1u) remainder ^= generator << (bit - check_bits);
  }
  return remainder;
}

// Table 12: the level's two bits in the format information.
std::uint32_t level_format_bits(error_correction level) {
  switch (level) {
    case error_correction::low: return 1;
    case error_correction::medium: return 0;
    case error_correction::quartile: return 3;
    case error_correction::high: return 2;
  }
  return 0;
}

bool bit_at(std::uint32_t value, int bit) { return ((value >> bit) & 1u) != 0; }

// Whether mask pattern `mask` (0-7, §7.8.2) flips the module at column x, row y.
constexpr bool mask_selects(int mask, int x, int y) {
  const int row = y;
  const int column = x;
  switch (mask) {
    case 0: return (row + column) % 2 == 0;
    case 1: return row % 2 == 0;
    case 2: return column % 3 == 0;
    case 3: return (row + column) % 3 == 0;
    case 4: return (row / 2 + column / 3) % 2 == 0;
    case 5: return (row * column) % 2 + (row * column) % 3 == 0;
    case 6: return ((row * column) % 2 + (row * column) % 3) % 2 == 0;
    case 7: return ((row + column) % 2 + (row * column) % 3) % 2 == 0;
    default: return false;
  }
}

// Each pattern repeats every 12 rows and columns (its periods 2, 3, 4 and 6
// divide 12), so masking reads a tile instead of computing per module. Each
// tile row holds its 12 columns twice, so the eight columns from any
// starting column below 12 lie side by side.
constexpr std::size_t mask_period = 12;
constexpr std::size_t word_modules = 8;
using mask_tile = std::array<std::array<std::uint8_t, 2 * mask_period>, mask_period>;
constexpr std::array<mask_tile, 8> mask_tiles = [] {
  std::array<mask_tile, 8> tiles{};
  for (std::size_t mask = 0; mask < tiles.size(); ++mask) {
    for (std::size_t y = 0; y < mask_period; ++y) {
      for (std::size_t x = 0; x < 2 * mask_period; ++x) {
        tiles[mask][y][x] =
            mask_selects(static_cast<int>(mask), static_cast<int>(x % mask_period), static_cast<int>(y)) ? 1 : 0;
      }
    }
  }
  return tiles;
}();

std::uint64_t load_word(const std::uint8_t* bytes) {
  std::uint64_t word = 0;
  std::memcpy(&word, bytes, sizeof word);
  return word;
}

}  // namespace

std::uint32_t format_bits(error_correction level, int mask) {
  const std::uint32_t data = level_format_bits(level) << 3 | static_cast<std::uint32_t>(mask);
  constexpr std::uint32_t generator = 0x537;  // x^10 + x^8 + x^5 + x^4 + x^2 + x + 1
  constexpr std::uint32_t xor_mask = 0x5412;  // keeps the bits from being all zero
  return ((data << 10) | bch_check_bits(data, 10, generator)) ^ xor_mask;
}

std::uint32_t version_bits(int version) {
  const auto data = static_cast<std::uint32_t>(version);
  constexpr std::uint32_t generator = 0x1F25;  // x^12 + x^11 + x^10 + x^9 + x^8 + x^5 + x^2 + 1
  return (data << 12) | bch_check_bits(data, 12, generator);
}

module_grid::module_grid(int version)
    : size_(symbol_size(version)),
      dark_(static_cast<std::size_t>(size_ * size_), 0),
      function_(static_cast<std::size_t>(size_ * size_), 0) {
  // Timing first: the finders and alignment patterns then overwrite its ends.
  draw_timing_patterns();
  draw_finder_pattern(3, 3);
  draw_finder_pattern(size_ - 4, 3);
  draw_finder_pattern(3, size_ - 4);
  draw_alignment_patterns(version);
  draw_format_bits(error_correction::medium, 0);  // reserves the areas; redrawn later
  draw_version_bits(version);
}

void module_grid::set_function(int x, int y, bool is_dark) {
  dark_[index(x, y)] = is_dark ? 1 : 0;
  function_[index(x, y)] = 1;
}

void module_grid::draw_timing_patterns() {
  for (int i = 0; i < size_; ++i) {
    set_function(6, i, i % 2 == 0);
    set_function(i, 6, i % 2 == 0);
  }
}

// The 7x7 finder with its light separator ring, clipped at the symbol's edge.
void module_grid::draw_finder_pattern(int centre_x, int centre_y) {
  for (int dy = -4; dy <= 4; ++dy) {
    for (int dx = -4; dx <= 4; ++dx) {
      const int x = centre_x + dx;
      const int y = centre_y + dy;
      if (x < 0 || x >= size_ || y < 0 || y >= size_) continue;
      const int ring = std::max(std::abs(dx), std::abs(dy));
      set_function(x, y, ring != 2 && ring != 4);
    }
  }
}

void module_grid::draw_alignment_patterns(int version) {
  const auto centres = alignment_pattern_centres(version);
  const auto last = centres.size();
  for (std::size_t i = 0; i < last; ++i) {
    for (std::size_t j = 0; j < last; ++j) {
      const bool under_finder = (i == 0 && j == 0) || (i == 0 && j + 1 == last) || (i + 1 == last && j == 0);
      if (under_finder) continue;
      for (int dy = -2; dy <= 2; ++dy) {
        for (int dx = -2; dx <= 2; ++dx) {
          set_function(centres[i] + dx, centres[j] + dy, std::max(std::abs(dx), std::abs(dy)) != 1);
        }
      }
    }
  }
}

// Figure 25: bit 0 is the least significant of the 15.
void module_grid::draw_format_bits(error_correction level, int mask) {
  const std::uint32_t bits = format_bits(level, mask);
  // Around the top-left finder: up column 8, then left along row 8, skipping the timing pattern.
  for (int i = 0; i <= 5; ++i) set_function(8, i, bit_at(bits, i));
  set_function(8, 7, bit_at(bits, 6));
  set_function(8, 8, bit_at(bits, 7));
  set_function(7, 8, bit_at(bits, 8));
  for (int i = 9; i < 15; ++i) set_function(14 - i, 8, bit_at(bits, i));
  // Split between the other two finders: row 8 at the right, column 8 at the bottom.
  for (int i = 0; i < 8; ++i) set_function(size_ - 1 - i, 8, bit_at(bits, i));
  for (int i = 8; i < 15; ++i) set_function(8, size_ - 15 + i, bit_at(bits, i));
  set_function(8, size_ - 8, true);  // the dark module, always dark
}

// §7.10: two 6x3 blocks beside the top-right and bottom-left finders, for version 7 and up.
void module_grid::draw_version_bits(int version) {
  if (version < 7) return;
  const std::uint32_t bits = version_bits(version);
  for (int i = 0; i < 18; ++i) {
    const int across = size_ - 11 + i % 3;
    const int along = i / 3;
    set_function(across, along, bit_at(bits, i));
    set_function(along, across, bit_at(bits, i));
  }
}

void module_grid::place_codewords(std::span<const std::uint8_t> codewords) {
  const std::size_t total_bits = codewords.size() * 8;
  std::size_t next = 0;
  for (int right = size_ - 1; right >= 1; right -= 2) {
    if (right == 6) right = 5;  // the vertical timing pattern is no column pair's right half
    const bool upward = ((right + 1) & 2) == 0;
    for (int step = 0; step < size_; ++step) {
      const int y = upward ? size_ - 1 - step : step;
      for (int x = right; x >= right - 1; --x) {
        if (is_function(x, y) || next >= total_bits) continue;
        const std::uint8_t codeword = codewords[next / 8];
        dark_[index(x, y)] = ((codeword >> (7 - next % 8)) & 1u) != 0 ? 1 : 0;
        ++next;
      }
    }
  }
}

void module_grid::apply_mask(int mask) {
  const auto& tile = mask_tiles.at(static_cast<std::size_t>(mask));
  const auto side = static_cast<std::size_t>(size_);
  for (std::size_t y = 0; y < side; ++y) {
    const auto& pattern = tile[y % mask_period];
    std::uint8_t* dark = &dark_[y * side];
    const std::uint8_t* function = &function_[y * side];
    std::size_t x = 0;
    // Eight modules at a time: every byte is 0 or 1, so `selected & ~function`
    // is 1 exactly where the pattern selects a data module.
    for (; x + word_modules <= side; x += word_modules) {
      const std::uint64_t flips = load_word(&pattern[x % mask_period]) & ~load_word(function + x);
      const std::uint64_t masked = load_word(dark + x) ^ flips;
      std::memcpy(dark + x, &masked, sizeof masked);
    }
    for (; x < side; ++x) dark[x] = static_cast<std::uint8_t>(dark[x] ^ (pattern[x % mask_period] & ~function[x] & 1u));
  }
}

}  // namespace twofold::qr
