// Base 32 (twofold/otp/base32.hpp): RFC 4648 §10's vectors, the lenient
// reading of typed secrets and the strict refusal of malformed ones.
#include "twofold/otp/base32.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

namespace twofold::otp {
namespace {

std::vector<std::uint8_t> bytes_of(std::string_view text) { return {text.begin(), text.end()}; }

struct rfc4648_vector {
  std::string_view data;
  std::string_view padded;
  std::string_view unpadded;
};

// RFC 4648 §10.
constexpr std::array<rfc4648_vector, 7> rfc4648_vectors{{
    {"", "", ""},
    {"f", "MY======", "MY"},
    {"fo", "MZXQ====", "MZXQ"},
    {"foo", "MZXW6===", "MZXW6"},
    {"foob", "MZXW6YQ=", "MZXW6YQ"},
    {"fooba", "MZXW6YTB", "MZXW6YTB"},
    {"foobar", "MZXW6YTBOI======", "MZXW6YTBOI"},
}};

TEST(base32, encodes_the_rfc4648_vectors) {
  for (const auto& vector : rfc4648_vectors) {
    EXPECT_EQ(base32_encode(bytes_of(vector.data), base32_padding::include), vector.padded) << vector.data;
    EXPECT_EQ(base32_encode(bytes_of(vector.data), base32_padding::omit), vector.unpadded) << vector.data;
  }
}

TEST(base32, omits_padding_by_default) { EXPECT_EQ(base32_encode(bytes_of("f")), "MY"); }

TEST(base32, decodes_the_rfc4648_vectors_with_or_without_padding) {
  for (const auto& vector : rfc4648_vectors) {
    EXPECT_EQ(*base32_decode(vector.padded), bytes_of(vector.data)) << vector.padded;
    EXPECT_EQ(*base32_decode(vector.unpadded), bytes_of(vector.data)) << vector.unpadded;
  }
}

TEST(base32, uses_the_whole_alphabet) {
  const std::vector<std::uint8_t> all_symbols{0x00, 0x44, 0x32, 0x14, 0xc7, 0x42, 0x54, 0xb6, 0x35, 0xcf,
                                              0x84, 0x65, 0x3a, 0x56, 0xd7, 0xc6, 0x75, 0xbe, 0x77, 0xdf};
  EXPECT_EQ(base32_encode(all_symbols), "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
  EXPECT_EQ(*base32_decode("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), all_symbols);
}

TEST(base32, reads_lower_case_and_spaces_as_people_type_them) {
  EXPECT_EQ(*base32_decode("mzxw6ytboi"), bytes_of("foobar"));
  EXPECT_EQ(*base32_decode("MzXw 6YtB oI"), bytes_of("foobar"));
  EXPECT_EQ(*base32_decode("  MZXW6YTBOI======  "), bytes_of("foobar"));
  EXPECT_EQ(*base32_decode("MZXW6YTBOI== ===="), bytes_of("foobar"));
  EXPECT_EQ(*base32_decode("   "), std::vector<std::uint8_t>{});
}

TEST(base32, round_trips_every_length_and_byte_value) {
  for (std::size_t length = 0; length <= 64; ++length) {
    std::vector<std::uint8_t> data(length);
    for (std::size_t i = 0; i < length; ++i) data[i] = static_cast<std::uint8_t>(i * 37 + length * 11);
    for (const auto padding : {base32_padding::omit, base32_padding::include}) {
      const auto text = base32_encode(data, padding);
      EXPECT_EQ((length * 8 + 4) / 5, text.find('=') == std::string::npos ? text.size() : text.find('='));
      EXPECT_EQ(*base32_decode(text), data) << length;
    }
  }
  std::vector<std::uint8_t> every_byte(256);
  for (std::size_t i = 0; i < 256; ++i) every_byte[i] = static_cast<std::uint8_t>(i);
  EXPECT_EQ(*base32_decode(base32_encode(every_byte)), every_byte);
}

TEST(base32, refuses_characters_outside_the_alphabet) {
  for (const char* text : {"MZXW0", "MZXW1", "MZXW8", "MZXW-6", "MZ\tXW", "MZXW6YTB\n", "MZ_X", "\xc3\xa9MY",
                           "M\xef\xbc\xadY"}) {
    const auto decoded = base32_decode(text);
    ASSERT_FALSE(decoded) << text;
    EXPECT_EQ(decoded.error(), base32_error::invalid_character) << text;
  }
}

TEST(base32, refuses_misplaced_or_wrong_padding) {
  for (const char* text : {"=", "======", "M=Y", "MY=", "MY=======", "MY======A", "MY====== MY", "========",
                           "MZXW6YTB========", "MZXW6===="}) {
    const auto decoded = base32_decode(text);
    ASSERT_FALSE(decoded) << text;
    EXPECT_EQ(decoded.error(), base32_error::invalid_padding) << text;
  }
}

TEST(base32, refuses_lengths_that_encode_no_whole_byte_count) {
  for (const char* text : {"M", "MZX", "MZXW6Y", "MZXW6YTBO", "M=======", "MZX=====", "MZXW6Y=="}) {
    const auto decoded = base32_decode(text);
    ASSERT_FALSE(decoded) << text;
    EXPECT_EQ(decoded.error(), base32_error::invalid_length) << text;
  }
}

// "f" is MY: M = 01100, Y = 11000, the last 2 bits unused and zero.
TEST(base32, refuses_set_unused_bits_so_each_text_names_one_byte_string) {
  for (const char* text : {"MZ", "M7", "MZXR", "MZXW7", "MZXW6YR"}) {
    const auto decoded = base32_decode(text);
    ASSERT_FALSE(decoded) << text;
    EXPECT_EQ(decoded.error(), base32_error::nonzero_trailing_bits) << text;
  }
}

TEST(base32, errors_have_stable_names) {
  EXPECT_EQ(error_code(base32_error::invalid_character), "invalid_character");
  EXPECT_EQ(error_code(base32_error::invalid_padding), "invalid_padding");
  EXPECT_EQ(error_code(base32_error::invalid_length), "invalid_length");
  EXPECT_EQ(error_code(base32_error::nonzero_trailing_bits), "nonzero_trailing_bits");
}

}  // namespace
}  // namespace twofold::otp
