#include "qr/penalty.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

namespace twofold::qr {
namespace {

constexpr int run_weight = 3;
constexpr int block_weight = 3;
constexpr int finder_like_weight = 40;
constexpr int balance_weight = 10;

// The last 11 modules seen, newest in bit 0: the finder-like pattern with
// four light modules before it, or after it.
constexpr std::uint32_t window_mask = 0x7FF;
constexpr std::uint32_t light_then_pattern = 0b0000'1011101;
constexpr std::uint32_t pattern_then_light = 0b1011101'0000;
constexpr int quiet_modules = 4;

// Rules 1 and 3 along one row or column: `count` modules `stride` apart.
// The line is read with four light modules on each side, so patterns
// touching the edge see the quiet zone.
int line_penalty(std::span<const std::uint8_t> modules, std::size_t first, std::size_t stride, int count) {
  int score = 0;
  std::uint32_t window = 0;
  int run = 0;
  bool previous = false;
  const auto shift_in = [&](bool dark) {
    window = ((window << 1) | (dark ? 1u : 0u)) & window_mask;
    if (window == light_then_pattern) score += finder_like_weight;
    if (window == pattern_then_light) score += finder_like_weight;
  };
  for (int i = 0; i < count; ++i) {
    const bool dark = modules[first + static_cast<std::size_t>(i) * stride] != 0;
    run = (i > 0 && dark == previous) ? run + 1 : 1;
    if (run == 5) score += run_weight;
    if (run > 5) score += 1;
    previous = dark;
    shift_in(dark);
  }
  for (int i = 0; i < quiet_modules; ++i) shift_in(false);
  return score;
}

int block_penalty(std::span<const std::uint8_t> modules, int size) {
  const auto side = static_cast<std::size_t>(size);
  int score = 0;
  for (std::size_t y = 0; y + 1 < side; ++y) {
    for (std::size_t x = 0; x + 1 < side; ++x) {
      const auto colour = modules[y * side + x];
      if (modules[y * side + x + 1] == colour && modules[(y + 1) * side + x] == colour &&
          modules[(y + 1) * side + x + 1] == colour) {
        score += block_weight;
      }
    }
  }
  return score;
}

// |dark / total - 1/2| in whole steps of 5 %, i.e. |20 dark - 10 total| / total.
int balance_penalty(std::span<const std::uint8_t> modules) {
  long dark = 0;
  for (const auto module : modules) dark += module;
  const auto total = static_cast<long>(modules.size());
  return static_cast<int>(std::labs(20 * dark - 10 * total) / total) * balance_weight;
}

}  // namespace

int penalty_score(const module_grid& grid) {
  const auto modules = grid.dark_modules();
  const int size = grid.size();
  const auto side = static_cast<std::size_t>(size);
  int score = block_penalty(modules, size) + balance_penalty(modules);
  for (std::size_t i = 0; i < side; ++i) {
    score += line_penalty(modules, i * side, 1, size);  // row i
    score += line_penalty(modules, i, side, size);      // column i
  }
  return score;
}

}  // namespace twofold::qr
