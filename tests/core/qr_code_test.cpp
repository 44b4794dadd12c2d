// The QR Code encoder (twofold/qr/qr_code.hpp): version choice at every
// capacity limit, the function patterns, and the format and version
// information read back from the symbol and compared with the standard's
// tables. Decoding by real readers is tests/wasm/qr.test.mjs's job.
#include "twofold/qr/qr_code.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace twofold::qr {
namespace {

constexpr std::array levels{error_correction::low, error_correction::medium, error_correction::quartile,
                            error_correction::high};

qr_code encoded(std::string_view text, const encode_options& options = {}) {
  auto code = encode_text(text, options);
  EXPECT_TRUE(code.has_value());
  return code ? std::move(code).value() : encode_text("").value();
}

std::string bytes_of_length(int length) {
  std::string text;
  for (int i = 0; i < length; ++i) text.push_back(static_cast<char>('!' + i % 90));
  return text;
}

// Annex C, Table C.1: the 15 format bits for each level (L, M, Q, H) and mask 0-7.
constexpr std::array<std::array<std::uint32_t, 8>, 4> format_table{{
    {0b111011111000100, 0b111001011110011, 0b111110110101010, 0b111100010011101, 0b110011000101111,
     0b110001100011000, 0b110110001000001, 0b110100101110110},
    {0b101010000010010, 0b101000100100101, 0b101111001111100, 0b101101101001011, 0b100010111111001,
     0b100000011001110, 0b100111110010111, 0b100101010100000},
    {0b011010101011111, 0b011000001101000, 0b011111100110001, 0b011101000000110, 0b010010010110100,
     0b010000110000011, 0b010111011011010, 0b010101111101101},
    {0b001011010001001, 0b001001110111110, 0b001110011100111, 0b001100111010000, 0b000011101100010,
     0b000001001010101, 0b000110100001100, 0b000100000111011},
}};

// Annex D, Table D.1: the 18 version bits of versions 7-40.
constexpr std::array<std::uint32_t, 34> version_table{
    0x07C94, 0x085BC, 0x09A99, 0x0A4D3, 0x0BBF6, 0x0C762, 0x0D847, 0x0E60D, 0x0F928, 0x10B78, 0x1145D, 0x12A17,
    0x13532, 0x149A6, 0x15683, 0x168C9, 0x177EC, 0x18EC4, 0x191E1, 0x1AFAB, 0x1B08E, 0x1CC1A, 0x1D33F, 0x1ED75,
    0x1F250, 0x209D5, 0x216F0, 0x228BA, 0x2379F, 0x24B0B, 0x2542E, 0x26A64, 0x27541, 0x28C69};

// Figure 25, bit 14 (most significant) first. Copy 1 runs along row 8 from
// the left edge, then up column 8, skipping the timing pattern at 6.
std::uint32_t read_format_copy_near_top_left(const qr_code& code) {
  std::uint32_t bits = 0;
  for (const int x : {0, 1, 2, 3, 4, 5, 7, 8}) bits = bits << 1 | (code.module(x, 8) ? 1u : 0u);
  for (const int y : {7, 5, 4, 3, 2, 1, 0}) bits = bits << 1 | (code.module(8, y) ? 1u : 0u);
  return bits;
}

// Copy 2: up column 8 from the bottom edge (bits 14-8), then along row 8
// towards the right edge (bits 7-0).
std::uint32_t read_format_copy_split(const qr_code& code) {
  std::uint32_t bits = 0;
  const int size = code.size();
  for (int y = size - 1; y >= size - 7; --y) bits = bits << 1 | (code.module(8, y) ? 1u : 0u);
  for (int x = size - 8; x < size; ++x) bits = bits << 1 | (code.module(x, 8) ? 1u : 0u);
  return bits;
}

// §7.10: bit i of the 18 sits at row i / 3, column size - 11 + i % 3 (top
// right), and transposed at the bottom left.
std::uint32_t read_version_block(const qr_code& code, bool transposed) {
  std::uint32_t bits = 0;
  for (int i = 17; i >= 0; --i) {
    const int across = code.size() - 11 + i % 3;
    const int along = i / 3;
    const bool dark = transposed ? code.module(along, across) : code.module(across, along);
    bits = bits << 1 | (dark ? 1u : 0u);
  }
  return bits;
}

TEST(qr_encode, chooses_the_smallest_version_at_and_past_every_capacity_limit) {
  for (int version = min_version; version <= max_version; ++version) {
    for (const auto level : levels) {
      SCOPED_TRACE(std::to_string(version) + error_correction_letter(level));
      const int capacity = byte_mode_capacity(version, level);
      // A fixed mask: choosing one is tested below, and costs eight encodings.
      const auto full = encode_text(bytes_of_length(capacity), {.level = level, .mask = 0});
      ASSERT_TRUE(full.has_value());
      EXPECT_EQ(full->version(), version);
      EXPECT_EQ(full->size(), 17 + 4 * version);
      EXPECT_EQ(full->level(), level);

      const auto over = bytes_of_length(capacity + 1);
      const auto capped = encode_text(over, {.level = level, .max_version = version});
      ASSERT_FALSE(capped.has_value());
      EXPECT_EQ(capped.error(), encode_error::data_too_long);
      const auto next = encode_text(over, {.level = level, .mask = 0});
      if (version < max_version) {
        ASSERT_TRUE(next.has_value());
        EXPECT_EQ(next->version(), version + 1);
      } else {
        EXPECT_FALSE(next.has_value());
      }
    }
  }
}

TEST(qr_encode, keeps_within_the_version_range_asked_for) {
  EXPECT_EQ(encoded("a", {.min_version = 5}).version(), 5);
  EXPECT_EQ(encoded("a", {.min_version = 40, .max_version = 40}).version(), 40);
  // 5-M holds 84 bytes, 6-M 106.
  EXPECT_EQ(encoded(bytes_of_length(100), {.min_version = 3, .max_version = 9}).version(), 6);
  EXPECT_EQ(encoded("").version(), 1);
}

TEST(qr_encode, refuses_options_out_of_range_as_a_value) {
  for (const encode_options& options : {encode_options{.min_version = 0}, encode_options{.max_version = 41},
                                        encode_options{.min_version = 7, .max_version = 6},
                                        encode_options{.mask = 8}, encode_options{.mask = -1}}) {
    const auto code = encode_text("x", options);
    ASSERT_FALSE(code.has_value());
    EXPECT_EQ(code.error(), encode_error::invalid_options);
  }
}

TEST(qr_encode, raises_the_level_only_when_asked_and_only_within_the_version) {
  // Version 1 holds 17 / 14 / 11 / 7 bytes at L / M / Q / H.
  EXPECT_EQ(encoded(bytes_of_length(7), {.level = error_correction::low, .boost_level = true}).level(),
            error_correction::high);
  EXPECT_EQ(encoded(bytes_of_length(12), {.level = error_correction::low, .boost_level = true}).level(),
            error_correction::medium);
  EXPECT_EQ(encoded(bytes_of_length(15), {.level = error_correction::low, .boost_level = true}).level(),
            error_correction::low);
  EXPECT_EQ(encoded(bytes_of_length(7), {.level = error_correction::low}).level(), error_correction::low);
  const auto boosted = encoded(bytes_of_length(11), {.level = error_correction::medium, .boost_level = true});
  EXPECT_EQ(boosted.version(), 1);
  EXPECT_EQ(boosted.level(), error_correction::quartile);
}

TEST(qr_encode, writes_the_format_information_of_annex_c_twice) {
  for (std::size_t level = 0; level < levels.size(); ++level) {
    for (int mask = 0; mask < 8; ++mask) {
      const auto code = encoded("otpauth://totp/Acme:alice", {.level = levels[level], .mask = mask});
      EXPECT_EQ(code.mask(), mask);
      EXPECT_EQ(read_format_copy_near_top_left(code), format_table[level][static_cast<std::size_t>(mask)])
          << error_correction_letter(levels[level]) << mask;
      EXPECT_EQ(read_format_copy_split(code), format_table[level][static_cast<std::size_t>(mask)]);
    }
  }
}

TEST(qr_encode, writes_the_version_information_of_annex_d_from_version_7) {
  for (int version = 7; version <= max_version; ++version) {
    const auto code = encoded("v", {.level = error_correction::high, .min_version = version, .mask = version % 8});
    ASSERT_EQ(code.version(), version);
    const auto expected = version_table[static_cast<std::size_t>(version - 7)];
    EXPECT_EQ(read_version_block(code, false), expected) << version;
    EXPECT_EQ(read_version_block(code, true), expected) << version;
  }
}

bool finder_module(int dx, int dy) {
  const int ring = std::max(std::abs(dx), std::abs(dy));
  return ring != 2 && ring != 4;  // ring 4 is the light separator
}

TEST(qr_encode, draws_finder_timing_and_alignment_patterns) {
  for (const int version : {1, 2, 6, 7, 13, 27, 32, 40}) {
    SCOPED_TRACE(version);
    const auto code = encoded("pattern", {.min_version = version, .mask = version % 8});
    const int size = code.size();
    for (int dy = -4; dy <= 4; ++dy) {
      for (int dx = -4; dx <= 4; ++dx) {
        // Rings 0-3 are the finder, ring 4 the separator, cut off at the symbol's edge.
        const bool inside_left = 3 + dx >= 0;
        const bool inside_top = 3 + dy >= 0;
        const bool inside_right = size - 4 + dx < size;
        const bool inside_bottom = size - 4 + dy < size;
        const bool expected = finder_module(dx, dy);
        if (inside_left && inside_top) {
          EXPECT_EQ(code.module(3 + dx, 3 + dy), expected);
        }
        if (inside_right && inside_top) {
          EXPECT_EQ(code.module(size - 4 + dx, 3 + dy), expected);
        }
        if (inside_left && inside_bottom) {
          EXPECT_EQ(code.module(3 + dx, size - 4 + dy), expected);
        }
      }
    }
    for (int i = 8; i < size - 8; ++i) {
      EXPECT_EQ(code.module(i, 6), i % 2 == 0) << "row 6, column " << i;
      EXPECT_EQ(code.module(6, i), i % 2 == 0) << "column 6, row " << i;
    }
    EXPECT_TRUE(code.module(8, size - 8)) << "the dark module";
    const auto centres = alignment_pattern_centres(version);
    for (const int x : centres) {
      for (const int y : centres) {
        if ((x == 6 && (y == 6 || y == size - 7)) || (x == size - 7 && y == 6)) continue;
        EXPECT_TRUE(code.module(x, y));
        EXPECT_FALSE(code.module(x + 1, y));
        EXPECT_FALSE(code.module(x, y - 1));
        EXPECT_TRUE(code.module(x + 2, y + 2));
        EXPECT_TRUE(code.module(x - 2, y));
      }
    }
  }
}

// Table 10, with i the row and j the column.
bool mask_condition(int mask, int i, int j) {
  switch (mask) {
    case 0: return (i + j) % 2 == 0;
    case 1: return i % 2 == 0;
    case 2: return j % 3 == 0;
    case 3: return (i + j) % 3 == 0;
    case 4: return (i / 2 + j / 3) % 2 == 0;
    case 5: return (i * j) % 2 + (i * j) % 3 == 0;
    case 6: return ((i * j) % 2 + (i * j) % 3) % 2 == 0;
    default: return ((i + j) % 2 + (i * j) % 3) % 2 == 0;
  }
}

// §7.7.3: the first codewords fill the bottom-right two columns upward.
TEST(qr_encode, starts_the_bit_stream_with_byte_mode_and_the_count_in_the_bottom_right_corner) {
  for (int mask = 0; mask < 8; ++mask) {
    const auto code = encoded("Hi", {.level = error_correction::low, .max_version = 1, .mask = mask});
    std::uint32_t first_bits = 0;
    for (int y = 20; y >= 13; --y) {
      for (const int x : {20, 19}) {
        const bool bit = code.module(x, y) != mask_condition(mask, y, x);
        first_bits = first_bits << 1 | (bit ? 1u : 0u);
      }
    }
    // 0100 (byte mode), 00000010 (2 bytes), then 'H' = 0x48's first four bits.
    EXPECT_EQ(first_bits, 0b0100'0000'0010'0100u) << "mask " << mask;
  }
}

TEST(qr_encode, picks_one_mask_and_draws_the_same_symbol_as_when_that_mask_is_forced) {
  for (const char* text : {"", "a", "https://example.com/enrol?code=123456", "公司 — ünïcödé ✓ 😀"}) {
    for (const auto level : levels) {
      const auto chosen = encoded(text, {.level = level});
      const auto forced = encoded(text, {.level = level, .mask = chosen.mask()});
      ASSERT_EQ(chosen.size(), forced.size());
      for (int y = 0; y < chosen.size(); ++y) {
        for (int x = 0; x < chosen.size(); ++x) ASSERT_EQ(chosen.module(x, y), forced.module(x, y));
      }
      const auto other = encoded(text, {.level = level, .mask = (chosen.mask() + 1) % 8});
      int differences = 0;
      for (int y = 0; y < chosen.size(); ++y) {
        for (int x = 0; x < chosen.size(); ++x) differences += chosen.module(x, y) != other.module(x, y) ? 1 : 0;
      }
      EXPECT_GT(differences, chosen.size()) << "another mask changes the data area";
    }
  }
}

TEST(qr_encode, reads_light_outside_the_symbol) {
  const auto code = encoded("edge");
  EXPECT_TRUE(code.module(0, 0));
  EXPECT_FALSE(code.module(-1, 0));
  EXPECT_FALSE(code.module(0, -1));
  EXPECT_FALSE(code.module(code.size(), 0));
  EXPECT_FALSE(code.module(0, code.size()));
}

TEST(qr_encode, takes_any_bytes) {
  std::array<std::uint8_t, 256> every_byte{};
  for (std::size_t i = 0; i < every_byte.size(); ++i) every_byte[i] = static_cast<std::uint8_t>(i);
  const auto code = encode_bytes(every_byte, {.level = error_correction::low});
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code->version(), 10);  // 9-L holds 230 bytes, 10-L 271
}

}  // namespace
}  // namespace twofold::qr
