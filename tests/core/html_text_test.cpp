// HTML escaping (twofold/text/html_text.hpp).
#include "twofold/text/html_text.hpp"

#include <gtest/gtest.h>

namespace twofold::text {
namespace {

TEST(html_text, writes_the_five_special_characters_as_entities) {
  EXPECT_EQ(html_escaped(R"(<a href="x" title='y'>Tom & Jerry</a>)"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;");
}

TEST(html_text, leaves_other_text_and_utf8_alone) {
  EXPECT_EQ(html_escaped("验证码 123456"), "验证码 123456");
  EXPECT_EQ(html_escaped(""), "");
  EXPECT_EQ(html_escaped("&amp;"), "&amp;amp;") << "escaping is not undone";
}

}  // namespace
}  // namespace twofold::text
