// Choosing the language of an answer from Accept-Language (RFC 9110 §12.5.4).
#include <gtest/gtest.h>

#include "app/request_language.hpp"

namespace twofold::server::testing {
namespace {

using i18n::language;

TEST(request_language, takes_the_first_supported_tag_by_weight) {
  EXPECT_EQ(preferred_language("zh-CN"), language::zh_cn);
  EXPECT_EQ(preferred_language("zh-CN,zh;q=0.9,en;q=0.8"), language::zh_cn);
  EXPECT_EQ(preferred_language("en;q=0.5, zh-CN;q=0.9"), language::zh_cn);
  EXPECT_EQ(preferred_language("fr-FR, de;q=0.9, en-US;q=0.8, zh-CN;q=0.7"), language::en);
  EXPECT_EQ(preferred_language("  zh-cn ;q=1 "), language::zh_cn);
}

TEST(request_language, keeps_header_order_among_equal_weights) {
  EXPECT_EQ(preferred_language("en, zh-CN"), language::en);
  EXPECT_EQ(preferred_language("zh-CN, en"), language::zh_cn);
}

TEST(request_language, skips_refused_and_malformed_entries) {
  EXPECT_EQ(preferred_language("zh-CN;q=0, en"), language::en);
  EXPECT_EQ(preferred_language("zh-CN;q=abc, en;q=0.1"), language::en);
  EXPECT_EQ(preferred_language("*, zh-CN;q=0.5"), language::zh_cn);
  EXPECT_EQ(preferred_language("zh-CN;q=nan, en;q=0.1"), language::en);
  EXPECT_EQ(preferred_language("zh-CN;q=NaN"), std::nullopt);
  EXPECT_EQ(preferred_language("zh-CN;q=inf, en;q=0.1"), language::en);
}

TEST(request_language, finds_nothing_when_nothing_is_supported) {
  EXPECT_EQ(preferred_language(""), std::nullopt);
  EXPECT_EQ(preferred_language("fr, de"), std::nullopt);
  EXPECT_EQ(preferred_language(",,;"), std::nullopt);
}

TEST(request_language, prefers_the_users_language_then_the_header_then_english) {
  EXPECT_EQ(answer_language(language::zh_cn, "en"), language::zh_cn);
  EXPECT_EQ(answer_language(std::nullopt, "zh-CN"), language::zh_cn);
  EXPECT_EQ(answer_language(std::nullopt, "fr"), language::en);
}

}  // namespace
}  // namespace twofold::server::testing
