// The message catalog: the source files agree with each other, and the
// embedded catalog answers what the source files say.
#include "twofold/i18n/catalog.hpp"
#include "twofold/i18n/message_format.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <regex>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "twofold/test_data.hpp"

namespace twofold::i18n {
namespace {

// The catalog source files, read independently of the core's own embedding.
const std::map<std::string, std::string_view>& sources_by_tag() {
  static const std::map<std::string, std::string_view> sources{
      {"en", test_data::en_json},
      {"zh-CN", test_data::zh_cn_json},
  };
  return sources;
}

std::map<std::string, std::string> source_texts(const std::string& tag) {
  return nlohmann::json::parse(sources_by_tag().at(tag)).get<std::map<std::string, std::string>>();
}

std::set<std::string> keys_of(const std::map<std::string, std::string>& texts) {
  std::set<std::string> keys;
  for (const auto& [key, text] : texts) keys.insert(key);
  return keys;
}

// The arguments a text reads ({name} and plurals), or a note on why it is malformed.
std::set<std::string> arguments_of(const std::string& text) {
  const auto names = pattern_arguments(text);
  return names ? *names : std::set<std::string>{"<malformed>"};
}

// Whether a text holds an argument with a type, such as "{count, plural, …}".
bool has_typed_argument(const std::string& text) {
  static const std::regex typed_argument(R"(\{\s*\w+\s*,)");
  return std::regex_search(text, typed_argument);
}

TEST(catalog, every_supported_language_has_a_source_file_and_nothing_else_does) {
  std::set<std::string> supported;
  for (const auto& info : supported_languages()) supported.insert(std::string(info.tag));
  std::set<std::string> with_sources;
  for (const auto& [tag, source] : sources_by_tag()) with_sources.insert(tag);
  EXPECT_EQ(supported, with_sources);
}

TEST(catalog, every_language_has_exactly_the_english_keys) {
  const auto english_keys = keys_of(source_texts("en"));
  ASSERT_FALSE(english_keys.empty());
  for (const auto& info : supported_languages()) {
    EXPECT_EQ(keys_of(source_texts(std::string(info.tag))), english_keys) << info.tag;
  }
}

// Malformed texts would show as written; parsing also proves every plural has `other`.
TEST(catalog, every_text_is_a_well_formed_message_pattern) {
  for (const auto& info : supported_languages()) {
    for (const auto& [key, text] : source_texts(std::string(info.tag))) {
      const auto parsed = pattern_arguments(text);
      EXPECT_TRUE(parsed) << info.tag << " " << key << ": error " << (parsed ? -1 : static_cast<int>(parsed.error()));
    }
  }
}

TEST(catalog, every_translation_reads_the_english_arguments) {
  const auto english = source_texts("en");
  for (const auto& info : supported_languages()) {
    for (const auto& [key, text] : source_texts(std::string(info.tag))) {
      if (!english.contains(key)) continue;  // reported by every_language_has_exactly_the_english_keys
      EXPECT_EQ(arguments_of(text), arguments_of(english.at(key))) << info.tag << " " << key;
    }
  }
}

// Chinese has one plural category (other), so its texts write a count as a
// plain {count}: a plural there would only repeat its one branch.
TEST(catalog, chinese_texts_count_with_plain_placeholders) {
  for (const auto& [key, text] : source_texts("zh-CN")) {
    EXPECT_FALSE(has_typed_argument(text)) << key << ": " << text;
  }
}

TEST(catalog, english_counts_with_plurals_not_parenthesized_endings) {
  for (const auto& [key, text] : source_texts("en")) {
    EXPECT_EQ(text.find("(s)"), std::string::npos) << key << ": " << text;
  }
}

// Every argument of the plural texts set to 0, 1 and 2 in turn: each
// language's text comes out whole, with no brace left.
TEST(catalog, every_plural_text_formats_for_0_1_and_2_in_every_language) {
  int plural_texts = 0;
  for (const auto& [key, english] : source_texts("en")) {
    if (!has_typed_argument(english)) continue;
    ++plural_texts;
    for (const auto& info : supported_languages()) {
      for (const std::int64_t count : {0, 1, 2}) {
        message_arguments args;
        for (const auto& name : arguments_of(english)) args.emplace_back(name, count);
        const auto text = format(info.id, key, args);
        EXPECT_EQ(text.find_first_of("{}"), std::string::npos) << info.tag << " " << key << " " << count << ": " << text;
      }
    }
  }
  EXPECT_GE(plural_texts, 15);
}

TEST(catalog, counted_texts_agree_with_their_number) {
  EXPECT_EQ(format(language::en, "error.lock_warning", {{"count", 1}}),
            "You have 1 login attempt before your account is locked.");
  EXPECT_EQ(format(language::en, "error.lock_warning", {{"count", 2}}),
            "You have 2 login attempts before your account is locked.");
  EXPECT_EQ(format(language::zh_cn, "error.lock_warning", {{"count", 1}}), "您还有 1 次登录尝试机会，之后账号将被锁定。");
  EXPECT_EQ(format(language::en, "mail.code.expires", {{"minutes", "1"}}), "The code expires in 1 minute and works once.");
  EXPECT_EQ(format(language::en, "backup_codes.ui_low", {{"count", 0}}), "No unused backup codes left. Generate new ones.");
  EXPECT_EQ(format(language::en, "backup_codes.ui_low", {{"count", 1}}), "Only 1 unused backup code left. Generate new ones.");
  EXPECT_EQ(format(language::en, "backup_codes.ui_status", {{"unused", 3}, {"total", 10}}), "3 of 10 codes unused");
  EXPECT_EQ(format(language::zh_cn, "backup_codes.ui_status", {{"unused", 3}, {"total", 10}}), "共 10 个验证码，3 个未使用");
}

TEST(catalog, no_text_is_empty) {
  for (const auto& info : supported_languages()) {
    for (const auto& [key, text] : source_texts(std::string(info.tag))) {
      EXPECT_FALSE(text.empty()) << info.tag << " " << key;
    }
  }
}

TEST(catalog, translate_answers_the_source_texts) {
  for (const auto& info : supported_languages()) {
    for (const auto& [key, text] : source_texts(std::string(info.tag))) {
      EXPECT_EQ(translate(info.id, key), text) << info.tag << " " << key;
    }
  }
}

TEST(catalog, an_unknown_key_yields_the_key_itself) {
  EXPECT_EQ(translate(language::en, "no.such.key"), "no.such.key");
  EXPECT_EQ(translate(language::zh_cn, "no.such.key"), "no.such.key");
  EXPECT_EQ(translate(language::zh_cn, ""), "");
}

TEST(catalog, find_translation_names_the_language_of_its_text) {
  const auto chinese = find_translation(language::zh_cn, "sign_in.title");
  EXPECT_EQ(chinese.text, translate(language::zh_cn, "sign_in.title"));
  EXPECT_EQ(chinese.written_in, language::zh_cn);
  EXPECT_EQ(find_translation(language::en, "sign_in.title").written_in, language::en);
  const auto unknown = find_translation(language::zh_cn, "no.such.key");
  EXPECT_EQ(unknown.text, "no.such.key");
  EXPECT_EQ(unknown.written_in, language::zh_cn);
}

TEST(catalog, all_messages_lists_every_english_key_once_in_key_order) {
  const auto english_keys = keys_of(source_texts("en"));
  for (const auto& info : supported_languages()) {
    std::vector<std::string> keys;
    for (const auto& message : all_messages(info.id)) {
      keys.emplace_back(message.key);
      EXPECT_EQ(message.text, translate(info.id, message.key)) << info.tag << " " << message.key;
    }
    EXPECT_EQ(keys, std::vector<std::string>(english_keys.begin(), english_keys.end())) << info.tag;
  }
}

TEST(catalog, languages_are_english_and_simplified_chinese_with_english_the_default) {
  const auto languages = supported_languages();
  ASSERT_EQ(languages.size(), 2u);
  EXPECT_EQ(languages[0].tag, "en");
  EXPECT_EQ(languages[0].native_name, "English");
  EXPECT_EQ(languages[1].tag, "zh-CN");
  EXPECT_EQ(languages[1].native_name, "简体中文");
  EXPECT_EQ(default_language, language::en);
}

TEST(catalog, tags_and_ids_round_trip) {
  for (const auto& info : supported_languages()) {
    EXPECT_EQ(language_tag(info.id), info.tag);
    EXPECT_EQ(parse_language(info.tag), info.id);
  }
}

TEST(parse_language, matches_supported_tags_ignoring_case) {
  EXPECT_EQ(parse_language("en"), language::en);
  EXPECT_EQ(parse_language("EN"), language::en);
  EXPECT_EQ(parse_language("zh-CN"), language::zh_cn);
  EXPECT_EQ(parse_language("zh-cn"), language::zh_cn);
  EXPECT_EQ(parse_language("ZH-CN"), language::zh_cn);
}

TEST(parse_language, falls_back_to_the_language_of_a_regional_tag) {
  EXPECT_EQ(parse_language("en-US"), language::en);
  EXPECT_EQ(parse_language("en-gb"), language::en);
  EXPECT_EQ(parse_language("en-Latn-US"), language::en);
  EXPECT_EQ(parse_language("zh"), language::zh_cn);
  EXPECT_EQ(parse_language("zh-Hans"), language::zh_cn);
  EXPECT_EQ(parse_language("zh-Hans-CN"), language::zh_cn);
  EXPECT_EQ(parse_language("zh-SG"), language::zh_cn);
}

TEST(parse_language, accepts_posix_style_underscores) {
  EXPECT_EQ(parse_language("zh_CN"), language::zh_cn);
  EXPECT_EQ(parse_language("en_US"), language::en);
}

TEST(parse_language, refuses_traditional_chinese_for_the_simplified_catalog) {
  EXPECT_EQ(parse_language("zh-TW"), std::nullopt);
  EXPECT_EQ(parse_language("zh-HK"), std::nullopt);
  EXPECT_EQ(parse_language("zh-MO"), std::nullopt);
  EXPECT_EQ(parse_language("zh-Hant"), std::nullopt);
  EXPECT_EQ(parse_language("zh-Hant-CN"), std::nullopt);
}

TEST(parse_language, refuses_unsupported_and_malformed_tags) {
  for (const char* tag : {"", "fr", "fr-FR", "de", "english", "*", "en-", "-en", "en--US", "e n", "en;q=0.8",
                          "en-abcdefghi", "zh-CN\n", "\xc3\xa9n"}) {
    EXPECT_EQ(parse_language(tag), std::nullopt) << tag;
  }
}

}  // namespace
}  // namespace twofold::i18n
