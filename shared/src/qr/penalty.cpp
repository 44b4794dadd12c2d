#include "qr/penalty.hpp"

#include <array>
#include <bit>
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

// One row or column as bits, dark set, module i at bit i + quiet_modules:
// the light quiet zone on each side is part of the line, so rule 3 sees it
// at the edges. Whole lines are scored with a few word operations each
// instead of module by module: the encoder scores eight masks per symbol.
constexpr int quiet_modules = 4;
constexpr int word_bits = 64;
constexpr int line_words = 3;
constexpr int line_width = word_bits * line_words;
// The widest line with its quiet zone on both sides: rule 3 reads no further.
static_assert(quiet_modules + symbol_size(max_version) + quiet_modules <= line_width);

// A fixed-size bit set whose operations unroll into a few word operations;
// std::bitset's shifts are out-of-line loops over its words.
struct line_bits {
  std::array<std::uint64_t, line_words> words{};

  [[nodiscard]] std::size_t count() const {
    std::size_t total = 0;
    for (const auto word : words) total += static_cast<std::size_t>(std::popcount(word));
    return total;
  }
  void set(int bit) { words[static_cast<std::size_t>(bit / word_bits)] |= std::uint64_t{1} << (bit % word_bits); }

  // Bit i of the result is bit i + shift of this line (0 past the end).
  [[nodiscard]] line_bits operator>>(int shift) const {
    line_bits shifted;
    for (std::size_t i = 0; i < line_words; ++i) {
      shifted.words[i] = words[i] >> shift;
      if (i + 1 < line_words && shift > 0) shifted.words[i] |= words[i + 1] << (word_bits - shift);
    }
    return shifted;
  }
  // Bit i of the result is bit i - shift of this line (0 before the start).
  [[nodiscard]] line_bits operator<<(int shift) const {
    line_bits shifted;
    for (std::size_t i = 0; i < line_words; ++i) {
      shifted.words[i] = words[i] << shift;
      if (i > 0 && shift > 0) shifted.words[i] |= words[i - 1] >> (word_bits - shift);
    }
    return shifted;
  }
  [[nodiscard]] line_bits operator~() const {
    line_bits flipped;
    for (std::size_t i = 0; i < line_words; ++i) flipped.words[i] = ~words[i];
    return flipped;
  }
  [[nodiscard]] friend line_bits operator&(line_bits a, const line_bits& b) {
    for (std::size_t i = 0; i < line_words; ++i) a.words[i] &= b.words[i];
    return a;
  }
  [[nodiscard]] friend line_bits operator^(line_bits a, const line_bits& b) {
    for (std::size_t i = 0; i < line_words; ++i) a.words[i] ^= b.words[i];
    return a;
  }
};

line_bits bits_between(int from, int to) {
  line_bits bits;
  for (int bit = from; bit < to; ++bit) bits.set(bit);
  return bits;
}

// Bit i: modules i and i + 1 have one colour.
line_bits same_as_next(const line_bits& dark) { return ~(dark ^ (dark >> 1)); }

// Rule 1. A run of 5 + i modules holds 1 + i windows of five alike and scores
// 3 + i: one per window, and two more where the run starts.
int run_penalty(const line_bits& dark, const line_bits& pairs_in_line) {
  const line_bits alike = same_as_next(dark) & pairs_in_line;
  const line_bits five_alike = alike & (alike >> 1) & (alike >> 2) & (alike >> 3);
  const line_bits run_starts = five_alike & ~(alike << 1);
  return static_cast<int>(five_alike.count() + (run_weight - 1) * run_starts.count());
}

// Rule 3: dark-light-dark-dark-dark-light-dark starting at bit i, counted
// once with four light modules before it and once with four after.
int finder_like_penalty(const line_bits& dark) {
  const line_bits light = ~dark;
  const line_bits pattern =
      dark & (light >> 1) & (dark >> 2) & (dark >> 3) & (dark >> 4) & (light >> 5) & (dark >> 6);
  const line_bits light_before = (light << 1) & (light << 2) & (light << 3) & (light << 4);
  const line_bits light_after = (light >> 7) & (light >> 8) & (light >> 9) & (light >> 10);
  return static_cast<int>((pattern & light_before).count() + (pattern & light_after).count()) * finder_like_weight;
}

// Rule 2, for the blocks whose top modules are in `top`.
int block_penalty(const line_bits& top, const line_bits& bottom, const line_bits& pairs_in_line) {
  const line_bits blocks = same_as_next(top) & same_as_next(bottom) & ~(top ^ bottom) & pairs_in_line;
  return static_cast<int>(blocks.count()) * block_weight;
}

// Rule 4: |dark / total - 1/2| in whole steps of 5 %, i.e. |20 dark - 10 total| / total.
int balance_penalty(long dark, long total) {
  return static_cast<int>(std::labs(20 * dark - 10 * total) / total) * balance_weight;
}

// Modules `stride` apart from `first` as one line, a word at a time.
line_bits line_at(std::span<const std::uint8_t> modules, std::size_t first, std::size_t stride, int size) {
  line_bits line;
  std::uint64_t word = 0;
  int bit = quiet_modules;
  for (int i = 0; i < size; ++i, ++bit) {
    word |= std::uint64_t{modules[first + static_cast<std::size_t>(i) * stride]} << (bit % word_bits);
    if (bit % word_bits == word_bits - 1) {
      line.words[static_cast<std::size_t>(bit / word_bits)] = word;
      word = 0;
    }
  }
  line.words[static_cast<std::size_t>(bit / word_bits)] = word;
  return line;
}

}  // namespace

int penalty_score(const module_grid& grid) {
  const auto modules = grid.dark_modules();
  const int size = grid.size();
  const auto side = static_cast<std::size_t>(size);
  const line_bits pairs_in_line = bits_between(quiet_modules, quiet_modules + size - 1);
  int score = 0;
  long dark = 0;
  line_bits row = line_at(modules, 0, 1, size);
  for (std::size_t i = 0; i < side; ++i) {
    const line_bits column = line_at(modules, i, side, size);
    score += run_penalty(row, pairs_in_line) + run_penalty(column, pairs_in_line);
    score += finder_like_penalty(row) + finder_like_penalty(column);
    dark += static_cast<long>(row.count());
    if (i + 1 == side) break;
    const line_bits next_row = line_at(modules, (i + 1) * side, 1, size);
    score += block_penalty(row, next_row, pairs_in_line);
    row = next_row;
  }
  return score + balance_penalty(dark, static_cast<long>(size) * size);
}

}  // namespace twofold::qr
