// Text without the spaces around it, by the caller's grammar's spaces.
#include <gtest/gtest.h>

#include "twofold/text/trimmed.hpp"

namespace twofold::text {
namespace {

TEST(trimmed, drops_http_spaces_at_both_ends_and_keeps_those_inside) {
  EXPECT_EQ(trimmed(" \tgzip; q=0.5\t "), "gzip; q=0.5");
  EXPECT_EQ(trimmed("a"), "a");
  EXPECT_EQ(trimmed(" \t \t"), "");
  EXPECT_EQ(trimmed(""), "");
  EXPECT_EQ(trimmed("\nline\n"), "\nline\n") << "a line end is no HTTP space";
}

TEST(trimmed, takes_the_spaces_of_another_grammar) {
  EXPECT_EQ(trimmed("\n\f url(a.css) \r\n", " \t\n\r\f"), "url(a.css)");
  EXPECT_EQ(trimmed("\tx ", " "), "\tx");
}

}  // namespace
}  // namespace twofold::text
