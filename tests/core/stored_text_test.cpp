// Header text kept for the audit trail: always well-formed UTF-8, never
// longer than asked, cut between characters.
#include <gtest/gtest.h>

#include <string>

#include "twofold/text/stored_text.hpp"

namespace twofold::text {
namespace {

const std::string replacement = "\xEF\xBF\xBD";

TEST(stored_text, keeps_well_formed_text_as_it_is) {
  EXPECT_EQ(stored_text("Mozilla/5.0 (X11; Linux) 浏览器", 256), "Mozilla/5.0 (X11; Linux) 浏览器");
  EXPECT_EQ(stored_text("", 256), "");
}

TEST(stored_text, replaces_each_ill_formed_byte) {
  EXPECT_EQ(stored_text("a\xFF" "b", 256), "a" + replacement + "b");
  EXPECT_EQ(stored_text("\xC0\xAF", 256), replacement + replacement) << "an overlong '/'";
  EXPECT_EQ(stored_text("\xED\xA0\x80", 256), replacement + replacement + replacement) << "a surrogate";
  EXPECT_EQ(stored_text("\xE6\xB5", 256), replacement + replacement) << "a truncated sequence";
}

TEST(stored_text, cuts_at_a_character_boundary) {
  EXPECT_EQ(stored_text("abcdef", 4), "abcd");
  EXPECT_EQ(stored_text("ab浏览", 4), "ab") << "a 3-byte character does not fit in the 2 bytes left";
  EXPECT_EQ(stored_text("a\xFF", 3), "a") << "nor does a replacement character";
  EXPECT_EQ(stored_text("ab浏览", 5), "ab浏");
}

}  // namespace
}  // namespace twofold::text
