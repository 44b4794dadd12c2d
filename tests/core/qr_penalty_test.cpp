// The encoder keeps the mask with the lowest penalty score (ISO/IEC
// 18004:2015 §7.8.3). Checked from outside: a plain reading of the four rules
// written here, first on small hand-counted patterns, then on real symbols,
// where the automatic choice must score no worse than each of the eight masks
// forced (ties to the lower number).
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "twofold/qr/qr_code.hpp"

namespace twofold::qr {
namespace {

// Row-major dark flags of a square; anything outside is light (quiet zone).
struct square {
  int size = 0;
  std::vector<bool> dark;

  [[nodiscard]] bool at(int x, int y) const {
    if (x < 0 || y < 0 || x >= size || y >= size) return false;
    return dark[static_cast<std::size_t>(y * size + x)];
  }
};

square from_rows(const std::vector<std::string>& rows) {
  square s{.size = static_cast<int>(rows.size()), .dark = {}};
  for (const auto& row : rows) {
    for (const char c : row) s.dark.push_back(c == '#');
  }
  return s;
}

square from_symbol(const qr_code& code) {
  square s{.size = code.size(), .dark = {}};
  for (int y = 0; y < code.size(); ++y) {
    for (int x = 0; x < code.size(); ++x) s.dark.push_back(code.module(x, y));
  }
  return s;
}

// The module at position i of line `line`, read across rows or down columns.
bool along(const square& s, bool rows, int line, int i) { return rows ? s.at(i, line) : s.at(line, i); }

int rule_1_runs(const square& s) {
  int score = 0;
  for (const bool rows : {true, false}) {
    for (int line = 0; line < s.size; ++line) {
      int run = 1;
      for (int i = 1; i <= s.size; ++i) {
        if (i < s.size && along(s, rows, line, i) == along(s, rows, line, i - 1)) {
          ++run;
          continue;
        }
        if (run >= 5) score += 3 + (run - 5);
        run = 1;
      }
    }
  }
  return score;
}

int rule_2_blocks(const square& s) {
  int score = 0;
  for (int y = 0; y + 1 < s.size; ++y) {
    for (int x = 0; x + 1 < s.size; ++x) {
      const bool c = s.at(x, y);
      if (s.at(x + 1, y) == c && s.at(x, y + 1) == c && s.at(x + 1, y + 1) == c) score += 3;
    }
  }
  return score;
}

int rule_3_finder_like(const square& s) {
  static constexpr bool pattern[7] = {true, false, true, true, true, false, true};
  int score = 0;
  for (const bool rows : {true, false}) {
    for (int line = 0; line < s.size; ++line) {
      for (int start = -4; start < s.size + 4; ++start) {
        bool matches = true;
        for (int k = 0; k < 7 && matches; ++k) matches = along(s, rows, line, start + k) == pattern[k];
        if (!matches) continue;
        bool light_before = true;
        bool light_after = true;
        for (int k = 1; k <= 4; ++k) {
          light_before = light_before && !along(s, rows, line, start - k);
          light_after = light_after && !along(s, rows, line, start + 6 + k);
        }
        score += (light_before ? 40 : 0) + (light_after ? 40 : 0);
      }
    }
  }
  return score;
}

int rule_4_balance(const square& s) {
  long dark = 0;
  for (const bool module : s.dark) dark += module ? 1 : 0;
  const long total = static_cast<long>(s.dark.size());
  // Full 5 % steps away from half: |20 * dark - 10 * total| / total, rounded down.
  return 10 * static_cast<int>(std::labs(20 * dark - 10 * total) / total);
}

int penalty(const square& s) { return rule_1_runs(s) + rule_2_blocks(s) + rule_3_finder_like(s) + rule_4_balance(s); }

TEST(qr_penalty, the_reference_counts_each_rule_as_the_standard_says) {
  // Each row is one run of six (3 + 1); the columns alternate.
  const auto stripes = from_rows({"######", "......", "######", "......", "######", "......"});
  EXPECT_EQ(rule_1_runs(stripes), 6 * (3 + 1));
  EXPECT_EQ(rule_2_blocks(stripes), 0);
  EXPECT_EQ(rule_4_balance(stripes), 0);
  // A 3x3 dark corner holds four 2x2 blocks; the light L around it seven.
  const auto block = from_rows({"###..", "###..", "###..", ".....", "....."});
  EXPECT_EQ(rule_2_blocks(block), 3 * (4 + 7));
  // 1:1:3:1:1 with light on both sides (the quiet zone counts as light).
  const auto finder = from_rows({"#.###.#", ".......", ".......", ".......", ".......", ".......", "......."});
  EXPECT_EQ(rule_3_finder_like(finder), 80);
  // 5 dark of 49 is 10.2 %: 7 full steps of 5 % from half.
  EXPECT_EQ(rule_4_balance(finder), 70);
}

// The mask the encoder keeps for `text`, against the lowest reference score
// among the eight forced (ties to the lower number).
void expect_lowest_penalty_mask(const std::string& text, error_correction level) {
  const auto chosen = encode_text(text, {.level = level});
  ASSERT_TRUE(chosen.has_value()) << text;
  int best_mask = 0;
  int best_score = -1;
  for (int mask = 0; mask < 8; ++mask) {
    const auto forced = encode_text(text, {.level = level, .mask = mask});
    ASSERT_TRUE(forced.has_value());
    const int score = penalty(from_symbol(*forced));
    if (best_score < 0 || score < best_score) {
      best_score = score;
      best_mask = mask;
    }
  }
  EXPECT_EQ(chosen->mask(), best_mask) << "text \"" << text << "\", level " << static_cast<int>(level);
}

std::string random_text(std::mt19937& random, std::size_t length) {
  std::uniform_int_distribution<int> byte(0x20, 0x7e);
  std::string text(length, ' ');
  for (auto& c : text) c = static_cast<char>(byte(random));
  return text;
}

constexpr error_correction all_levels[] = {error_correction::low, error_correction::medium,
                                           error_correction::quartile, error_correction::high};

TEST(qr_penalty, the_encoder_keeps_the_mask_with_the_lowest_score) {
  std::mt19937 random(20261201);
  std::uniform_int_distribution<std::size_t> length(1, 120);
  for (int sample = 0; sample < 40; ++sample) {
    const auto text = random_text(random, length(random));
    for (const auto level : all_levels) expect_lowest_penalty_mask(text, level);
  }
}

// Beyond version 10 a row with its quiet zone no longer fits one 64-bit word,
// which the encoder's scoring works in; up to version 40 it takes three.
TEST(qr_penalty, large_symbols_keep_the_mask_with_the_lowest_score) {
  std::mt19937 random(20261205);
  for (const std::size_t length : {250u, 600u, 1000u, 1270u}) {
    const auto text = random_text(random, length);
    for (const auto level : all_levels) expect_lowest_penalty_mask(text, level);
  }
}

}  // namespace
}  // namespace twofold::qr
