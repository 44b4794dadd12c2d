// Symbol geometry and capacities (twofold/qr/version_tables.hpp) against the
// tables printed in ISO/IEC 18004:2015.
#include "twofold/qr/version_tables.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <map>
#include <vector>

#include <nlohmann/json.hpp>

#include "twofold/test_data.hpp"

namespace twofold::qr {
namespace {

constexpr std::array levels{error_correction::low, error_correction::medium, error_correction::quartile,
                            error_correction::high};

std::size_t at(int version) { return static_cast<std::size_t>(version - 1); }

// Table 1: total codewords and remainder bits per version.
constexpr std::array<int, 40> total_codewords{
    26,   44,   70,   100,  134,  172,  196,  242,  292,  346,  404,  466,  532,  581,
    655,  733,  815,  901,  991,  1085, 1156, 1258, 1364, 1474, 1588, 1706, 1828, 1921,
    2051, 2185, 2323, 2465, 2611, 2761, 2876, 3034, 3196, 3362, 3532, 3706};

int remainder_bits(int version) {
  if (version == 1) return 0;
  if (version <= 6) return 7;
  if (version <= 13) return 0;
  if (version <= 20) return 3;
  if (version <= 27) return 4;
  if (version <= 34) return 3;
  return 0;
}

// Table 7: byte-mode capacity by version (row) and level (L, M, Q, H), shared
// with tests/wasm/qr.test.mjs.
const nlohmann::json& byte_capacity() {
  static const auto table = nlohmann::json::parse(test_data::qr_byte_capacity_json).at("capacity");
  return table;
}

TEST(version_tables, give_the_symbol_size_of_each_version) {
  EXPECT_EQ(symbol_size(1), 21);
  EXPECT_EQ(symbol_size(7), 45);
  EXPECT_EQ(symbol_size(40), 177);
}

TEST(version_tables, count_the_modules_left_for_codewords) {
  for (int version = min_version; version <= max_version; ++version) {
    EXPECT_EQ(raw_data_modules(version), total_codewords[at(version)] * 8 + remainder_bits(version)) << version;
  }
}

TEST(version_tables, give_the_byte_mode_capacity_of_table_7) {
  ASSERT_EQ(byte_capacity().size(), 40u);
  for (int version = min_version; version <= max_version; ++version) {
    for (std::size_t level = 0; level < levels.size(); ++level) {
      EXPECT_EQ(byte_mode_capacity(version, levels[level]), byte_capacity().at(at(version)).at(level).get<int>())
          << "version " << version << " level " << error_correction_letter(levels[level]);
    }
  }
}

TEST(version_tables, split_codewords_into_blocks_that_add_up) {
  for (int version = min_version; version <= max_version; ++version) {
    for (const auto level : levels) {
      const int blocks = error_correction_blocks(version, level);
      const int ecc = ecc_codewords_per_block(version, level);
      EXPECT_EQ(data_codewords(version, level) + blocks * ecc, total_codewords[at(version)]);
    }
  }
  // Table 9 spot checks: 5-Q is 2 blocks of 15 + 2 of 16 data codewords, 18 EC each.
  EXPECT_EQ(error_correction_blocks(5, error_correction::quartile), 4);
  EXPECT_EQ(ecc_codewords_per_block(5, error_correction::quartile), 18);
  EXPECT_EQ(data_codewords(5, error_correction::quartile), 62);
  EXPECT_EQ(error_correction_blocks(40, error_correction::high), 81);
}

TEST(version_tables, count_bits_of_the_byte_mode_character_count) {
  EXPECT_EQ(byte_count_bits(1), 8);
  EXPECT_EQ(byte_count_bits(9), 8);
  EXPECT_EQ(byte_count_bits(10), 16);
  EXPECT_EQ(byte_count_bits(40), 16);
}

// Annex E, Table E.1 (a sample, version 32's irregular step included).
TEST(version_tables, place_alignment_patterns_as_annex_e) {
  const std::map<int, std::vector<int>> expected{
      {1, {}},
      {2, {6, 18}},
      {6, {6, 34}},
      {7, {6, 22, 38}},
      {14, {6, 26, 46, 66}},
      {15, {6, 26, 48, 70}},
      {21, {6, 28, 50, 72, 94}},
      {32, {6, 34, 60, 86, 112, 138}},
      {36, {6, 24, 50, 76, 102, 128, 154}},
      {39, {6, 26, 54, 82, 110, 138, 166}},
      {40, {6, 30, 58, 86, 114, 142, 170}},
  };
  for (const auto& [version, centres] : expected) EXPECT_EQ(alignment_pattern_centres(version), centres) << version;
  for (int version = 2; version <= max_version; ++version) {
    const auto centres = alignment_pattern_centres(version);
    EXPECT_EQ(centres.size(), static_cast<std::size_t>(version / 7 + 2));
    EXPECT_EQ(centres.back(), symbol_size(version) - 7);
  }
}

TEST(version_tables, name_the_levels_by_letter) {
  EXPECT_EQ(error_correction_letter(error_correction::low), 'L');
  EXPECT_EQ(error_correction_letter(error_correction::medium), 'M');
  EXPECT_EQ(error_correction_letter(error_correction::quartile), 'Q');
  EXPECT_EQ(error_correction_letter(error_correction::high), 'H');
}

}  // namespace
}  // namespace twofold::qr
