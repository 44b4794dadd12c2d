#include "twofold/qr/version_tables.hpp"

#include <array>
#include <cstddef>

namespace twofold::qr {
namespace {

using per_version = std::array<signed char, max_version + 1>;  // index 0 unused

// ISO/IEC 18004:2015 Table 9, by level (low, medium, quartile, high) and version.
constexpr std::array<per_version, 4> ecc_codewords_table{{
    {-1, 7,  10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
     28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
    {-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
     26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28},
    {-1, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
     28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
    {-1, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
     30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30},
}};

constexpr std::array<per_version, 4> block_count_table{{
    {-1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
     8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25},
    {-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
     17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49},
    {-1, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
     23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68},
    {-1, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
     25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81},
}};

int table_entry(const std::array<per_version, 4>& table, int version, error_correction level) {
  return table[static_cast<std::size_t>(level)][static_cast<std::size_t>(version)];
}

// Alignment patterns per side (0 for version 1): the grid is n x n minus the
// three corners taken by finder patterns.
int alignment_grid_side(int version) { return version == 1 ? 0 : version / 7 + 2; }

}  // namespace

char error_correction_letter(error_correction level) {
  constexpr std::array letters{'L', 'M', 'Q', 'H'};
  return letters[static_cast<std::size_t>(level)];
}

int raw_data_modules(int version) {
  const int size = symbol_size(version);
  const int finders_with_separators = 3 * 8 * 8;
  const int format_information = 2 * 15 + 1;  // both copies and the dark module
  const int timing = 2 * (size - 2 * 8);
  const int side = alignment_grid_side(version);
  // Alignment patterns on row or column 6 share 5 modules with a timing pattern.
  const int alignment = side == 0 ? 0 : 25 * (side * side - 3) - 2 * 5 * (side - 2);
  const int version_information = version >= 7 ? 2 * 18 : 0;
  return size * size - finders_with_separators - format_information - timing - alignment - version_information;
}

int ecc_codewords_per_block(int version, error_correction level) {
  return table_entry(ecc_codewords_table, version, level);
}

int error_correction_blocks(int version, error_correction level) {
  return table_entry(block_count_table, version, level);
}

int data_codewords(int version, error_correction level) {
  return raw_data_modules(version) / 8 -
         ecc_codewords_per_block(version, level) * error_correction_blocks(version, level);
}

int byte_count_bits(int version) { return version <= 9 ? 8 : 16; }

int byte_mode_capacity(int version, error_correction level) {
  const int mode_indicator_bits = 4;
  return (data_codewords(version, level) * 8 - mode_indicator_bits - byte_count_bits(version)) / 8;
}

// Annex E spaces the patterns evenly from column 6 to size - 7, with an even
// step rounded up; version 32 alone deviates from that rule.
std::vector<int> alignment_pattern_centres(int version) {
  const int side = alignment_grid_side(version);
  if (side == 0) return {};
  const int last = symbol_size(version) - 7;
  const int gaps = side - 1;
  const int step = version == 32 ? 26 : (last - 6 + 2 * gaps - 1) / (2 * gaps) * 2;
  std::vector<int> centres(static_cast<std::size_t>(side));
  centres[0] = 6;
  for (int i = 1; i < side; ++i) centres[static_cast<std::size_t>(i)] = last - (side - 1 - i) * step;
  return centres;
}

}  // namespace twofold::qr
