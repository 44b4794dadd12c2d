// Reed-Solomon codewords (twofold/qr/reed_solomon.hpp) against the standard's
// worked examples and the defining property of the code.
#include "twofold/qr/reed_solomon.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace twofold::qr {
namespace {

using bytes = std::vector<std::uint8_t>;

// ISO/IEC 18004:2015 Annex I: "01234567" as symbol 1-M.
TEST(reed_solomon, gives_the_annex_example_codewords) {
  const bytes data{0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11};
  EXPECT_EQ(reed_solomon_encoder(10).remainder(data),
            (bytes{0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55}));
}

// "HELLO WORLD" as 1-M, the example most QR Code tutorials work through.
TEST(reed_solomon, gives_the_hello_world_codewords) {
  const bytes data{32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17};
  EXPECT_EQ(reed_solomon_encoder(10).remainder(data), (bytes{196, 35, 39, 119, 235, 215, 231, 226, 93, 23}));
}

// Annex A: the generator polynomial for 7 codewords,
// x^7 + a^87 x^6 + a^229 x^5 + a^146 x^4 + a^149 x^3 + a^238 x^2 + a^102 x + a^21.
TEST(reed_solomon, builds_the_standard_generator_polynomial) {
  EXPECT_EQ(reed_solomon_encoder(7).generator(), (bytes{127, 122, 154, 164, 11, 68, 117}));
  EXPECT_EQ(reed_solomon_encoder(1).generator(), (bytes{1}));  // x - a^0
}

TEST(reed_solomon, multiplies_in_the_field_modulo_0x11d) {
  EXPECT_EQ(field_multiply(0x80, 2), 0x1D);
  EXPECT_EQ(field_multiply(0, 0xFF), 0);
  EXPECT_EQ(field_multiply(0x53, 1), 0x53);
  std::uint8_t power = 1;
  for (int i = 0; i < 255; ++i) {
    power = field_multiply(power, 2);
    if (i < 254) {
      EXPECT_NE(power, 1) << "2 generates the whole multiplicative group";
    }
  }
  EXPECT_EQ(power, 1);
  for (int x = 0; x < 256; x += 7) {
    for (int y = 0; y < 256; y += 11) {
      const auto a = static_cast<std::uint8_t>(x);
      const auto b = static_cast<std::uint8_t>(y);
      EXPECT_EQ(field_multiply(a, b), field_multiply(b, a));
    }
  }
}

// A codeword (data then remainder) is a multiple of the generator, so it
// vanishes at each of the generator's roots a^0 .. a^(n-1).
std::uint8_t evaluate(const bytes& polynomial, std::uint8_t x) {
  std::uint8_t value = 0;
  for (const auto coefficient : polynomial) value = static_cast<std::uint8_t>(field_multiply(value, x) ^ coefficient);
  return value;
}

TEST(reed_solomon, makes_codewords_whose_syndromes_are_zero) {
  std::mt19937 random(20240601);
  for (const int ecc_length : {7, 10, 13, 17, 22, 26, 30}) {
    for (int trial = 0; trial < 20; ++trial) {
      bytes codeword(static_cast<std::size_t>(1 + random() % 120));
      for (auto& byte : codeword) byte = static_cast<std::uint8_t>(random());
      const auto remainder = reed_solomon_encoder(ecc_length).remainder(codeword);
      ASSERT_EQ(remainder.size(), static_cast<std::size_t>(ecc_length));
      codeword.insert(codeword.end(), remainder.begin(), remainder.end());
      std::uint8_t root = 1;
      for (int i = 0; i < ecc_length; ++i) {
        EXPECT_EQ(evaluate(codeword, root), 0) << "root a^" << i << ", " << ecc_length << " codewords";
        root = field_multiply(root, 2);
      }
      codeword[random() % codeword.size()] ^= 0x01;  // one flipped bit is seen
      EXPECT_NE(evaluate(codeword, 1) | evaluate(codeword, 2), 0);
    }
  }
}

}  // namespace
}  // namespace twofold::qr
