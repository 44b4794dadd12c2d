#pragma once
// The square of modules while a symbol is being built: which modules are dark
// and which belong to function patterns (finder, separator, timing, alignment,
// format and version information), which data placement and masking skip.
// Coordinates: x is the column, y the row, (0, 0) the top-left module.
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "twofold/qr/version_tables.hpp"

namespace twofold::qr {

class module_grid final {
 public:
  // Every function pattern of `version` drawn; the format areas are reserved
  // (light) until draw_format_bits.
  explicit module_grid(int version);

  [[nodiscard]] int size() const { return size_; }
  [[nodiscard]] bool dark(int x, int y) const { return dark_[index(x, y)] != 0; }
  [[nodiscard]] bool is_function(int x, int y) const { return function_[index(x, y)] != 0; }

  // Writes the codewords' bits in the standard's two-column zigzag (§7.7.3),
  // from the bottom-right corner; modules left over (remainder bits) stay light.
  void place_codewords(std::span<const std::uint8_t> codewords);

  // Flips every data module the mask pattern (0-7, §7.8.2) selects; applying
  // the same mask twice undoes it.
  void apply_mask(int mask);

  // Both copies of the 15-bit format information (§7.9) for `level` and `mask`.
  void draw_format_bits(error_correction level, int mask);

  // Row-major dark flags as bytes (1 dark, 0 light), size() * size() of them.
  [[nodiscard]] std::span<const std::uint8_t> dark_modules() const { return dark_; }
  // The same, moved out of a finished grid.
  [[nodiscard]] std::vector<std::uint8_t> take_modules() && { return std::move(dark_); }

 private:
  [[nodiscard]] std::size_t index(int x, int y) const {
    return static_cast<std::size_t>(y) * static_cast<std::size_t>(size_) + static_cast<std::size_t>(x);
  }
  void set_function(int x, int y, bool is_dark);
  void draw_timing_patterns();
  void draw_finder_pattern(int centre_x, int centre_y);
  void draw_alignment_patterns(int version);
  void draw_version_bits(int version);

  int size_;
  std::vector<std::uint8_t> dark_;
  std::vector<std::uint8_t> function_;
};

// The 15 format bits: level and mask, BCH(15,5) protected, XOR 0x5412 (§7.9.1).
[[nodiscard]] std::uint32_t format_bits(error_correction level, int mask);

// The 18 version bits: version, BCH(18,6) protected (§7.10, Annex D).
[[nodiscard]] std::uint32_t version_bits(int version);

}  // namespace twofold::qr
