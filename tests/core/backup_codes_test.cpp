// Backup codes (twofold/otp/backup_codes.hpp): formatting random bytes and
// reading typed codes back.
#include "twofold/otp/backup_codes.hpp"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace twofold::otp {
namespace {

using bytes = std::vector<std::uint8_t>;

constexpr std::string_view crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

field_errors one_error(std::string_view code) {
  return {{"backup_code", std::string(code), "validation." + std::string(code)}};
}

TEST(backup_codes, carry_at_least_64_random_bits_in_14_symbols) {
  EXPECT_GE(backup_code_symbols * 5, 64U);
  EXPECT_GE(backup_code_random_bytes * 8, backup_code_symbols * 5);
  EXPECT_EQ(crockford.size(), 32U);
}

TEST(backup_codes, format_the_extremes) {
  EXPECT_EQ(*format_backup_code(bytes(9, 0x00)), "0000-0000-0000-00");
  EXPECT_EQ(*format_backup_code(bytes(9, 0xff)), "ZZZZ-ZZZZ-ZZZZ-ZZ");
}

// 70 bits read 5 at a time, most significant first; the last 2 bits are unused.
TEST(backup_codes, read_the_bits_in_order) {
  // 00000 00001 00010 00011 00100 ... : the symbols 0, 1, 2, ... D.
  const bytes counting{0x00, 0x44, 0x32, 0x14, 0xc7, 0x42, 0x54, 0xb6, 0x34};
  EXPECT_EQ(*format_backup_code(counting), "0123-4567-89AB-CD");
  auto with_unused_bits = counting;
  with_unused_bits.back() |= 0x03;
  EXPECT_EQ(*format_backup_code(with_unused_bits), "0123-4567-89AB-CD");
}

TEST(backup_codes, every_symbol_comes_from_the_unambiguous_alphabet) {
  std::set<char> seen;
  for (unsigned seed = 0; seed < 64; ++seed) {
    bytes random(9);
    for (std::size_t i = 0; i < random.size(); ++i) random[i] = static_cast<std::uint8_t>(seed * 29 + i * 71);
    const auto code = *format_backup_code(random);
    ASSERT_EQ(code.size(), 17U);
    for (std::size_t i = 0; i < code.size(); ++i) {
      if (i % 5 == 4) {
        EXPECT_EQ(code[i], '-') << code;
      } else {
        EXPECT_NE(crockford.find(code[i]), std::string_view::npos) << code;
        seen.insert(code[i]);
      }
    }
  }
  EXPECT_EQ(seen.size(), 32U);
}

TEST(backup_codes, need_exactly_nine_random_bytes) {
  for (const std::size_t size : {0U, 1U, 8U, 10U, 18U}) {
    EXPECT_EQ(format_backup_code(bytes(size, 1)).error(), backup_code_error::wrong_random_size) << size;
  }
}

TEST(backup_codes, a_set_takes_nine_bytes_per_code) {
  bytes random(90);
  for (std::size_t i = 0; i < random.size(); ++i) random[i] = static_cast<std::uint8_t>(i);
  const auto codes = format_backup_codes(random);
  ASSERT_TRUE(codes);
  ASSERT_EQ(codes->size(), backup_codes_per_set);
  for (std::size_t i = 0; i < codes->size(); ++i) {
    EXPECT_EQ((*codes)[i], *format_backup_code(std::span(random).subspan(i * 9, 9)));
  }
  EXPECT_EQ(format_backup_codes({}).error(), backup_code_error::wrong_random_size);
  EXPECT_EQ(format_backup_codes(bytes(91)).error(), backup_code_error::wrong_random_size);
}

TEST(backup_codes, read_back_as_their_canonical_form) {
  const auto code = *format_backup_code(bytes{0x00, 0x44, 0x32, 0x14, 0xc7, 0x42, 0x54, 0xb6, 0x34});
  const auto checked = normalize_backup_code(code);
  ASSERT_TRUE(checked.ok());
  EXPECT_EQ(checked.code, "0123456789ABCD");
  EXPECT_EQ(group_backup_code(checked.code), code);
}

TEST(backup_codes, typed_codes_ignore_case_spaces_and_dashes) {
  for (const char* typed : {"ABCD-EFGH-JKMN-PQ", "abcd-efgh-jkmn-pq", "ABCDEFGHJKMNPQ", " abcd efgh jkmn pq ",
                            "ab-cd-ef-gh-jk-mn-pq", "ABCD\xe2\x80\x94" "EFGH\xe3\x80\x80JKMN\tPQ",
                            "\xef\xbc\xa1\xef\xbc\xa2\xef\xbd\x83\xef\xbd\x84" "EFGHJKMNPQ"}) {
    const auto checked = normalize_backup_code(typed);
    ASSERT_TRUE(checked.ok()) << typed;
    EXPECT_EQ(checked.code, "ABCDEFGHJKMNPQ") << typed;
  }
}

TEST(backup_codes, typed_codes_map_letters_that_look_like_digits) {
  EXPECT_EQ(normalize_backup_code("IiLl-OoAB-CDEF-GH").code, "111100ABCDEFGH");
}

TEST(backup_codes, refuse_what_no_code_can_be) {
  EXPECT_EQ(normalize_backup_code("").errors, one_error("required"));
  EXPECT_EQ(normalize_backup_code(" - - ").errors, one_error("required"));
  EXPECT_EQ(normalize_backup_code("ABCD-EFGH-JKMN-P\xff").errors, one_error("invalid_utf8"));
  for (const char* typed : {"ABCD-EFGH-JKMN-P", "ABCD-EFGH-JKMN-PQR", "ABCD-EFGH-JKMN-PU", "ABCD-EFGH-JKMN-P!",
                            "ABCD_EFGH_JKMN_PQ", "ABCD.EFGH.JKMN.PQ", "123456", "ABCD-EFGH-JKMN-P\xc3\xa9"}) {
    EXPECT_EQ(normalize_backup_code(typed).errors, one_error("invalid_backup_code")) << typed;
    EXPECT_EQ(normalize_backup_code(typed).code, "") << typed;
  }
}

TEST(backup_codes, name_the_given_field) {
  EXPECT_EQ(normalize_backup_code("", "code").errors, (field_errors{{"code", "required", "validation.required"}}));
}

TEST(backup_codes, group_in_fours) {
  EXPECT_EQ(group_backup_code("ABCDEFGHJKMNPQ"), "ABCD-EFGH-JKMN-PQ");
  EXPECT_EQ(group_backup_code("ABCD"), "ABCD");
  EXPECT_EQ(group_backup_code(""), "");
}

TEST(backup_codes, errors_have_stable_names) {
  EXPECT_EQ(error_code(backup_code_error::wrong_random_size), "wrong_random_size");
}

TEST(backup_codes, run_low_at_two_unused_codes_or_fewer) {
  std::vector<bool> low;
  for (int unused = 0; unused <= static_cast<int>(backup_codes_per_set); ++unused) {
    low.push_back(backup_codes_running_low(unused));
  }
  EXPECT_EQ(low, (std::vector<bool>{true, true, true, false, false, false, false, false, false, false, false}));
}

}  // namespace
}  // namespace twofold::otp
