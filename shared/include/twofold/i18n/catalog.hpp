#pragma once
// The message catalog: every text a person reads, keyed by a stable string
// shared by browser and server. English is complete; other languages fall
// back to English for a missing key, and an unknown key yields the key itself.
//
// Texts are message patterns (message_format.hpp). English writes counted
// words as plurals ("{minutes, plural, one {# minute} other {# minutes}}");
// Chinese, whose only plural category is `other`, writes a plain
// "{minutes} 分钟". Every translation reads the English text's arguments.
#include <optional>
#include <span>
#include <string_view>

namespace twofold::i18n {

enum class language { en, zh_cn };

inline constexpr language default_language = language::en;

struct language_info {
  language id;
  std::string_view tag;          // BCP 47 tag: "en", "zh-CN"
  std::string_view native_name;  // "English", "简体中文"
};

[[nodiscard]] std::span<const language_info> supported_languages();

// Accepts a BCP 47 tag case-insensitively ("zh-cn", "zh-CN", "en-US" -> en).
// A supported language with other subtags maps to it ("en-GB" -> en; "zh",
// "zh-Hans", "zh-SG" -> zh_cn), except Traditional Chinese ("zh-Hant",
// "zh-TW", "zh-HK", "zh-MO"), which the Simplified catalog does not serve.
// '_' is read as '-'. Unsupported or malformed tags: nullopt.
[[nodiscard]] std::optional<language> parse_language(std::string_view tag);
[[nodiscard]] std::string_view language_tag(language lang);

struct message {
  std::string_view key;
  std::string_view text;
};

// Text for a key: a pattern with {name} placeholders and plurals, which
// format() in message_format.hpp fills.
[[nodiscard]] std::string_view translate(language lang, std::string_view key);

struct translation {
  std::string_view text;  // what translate() answers
  language written_in;    // `lang`, or English when `lang` lacks the key (an unknown key: `lang`)
};

// translate() with the language its text is in, whose plural rules format it.
[[nodiscard]] translation find_translation(language lang, std::string_view key);

// Every key with its text in `lang` (with English fallback applied).
[[nodiscard]] std::span<const message> all_messages(language lang);

}  // namespace twofold::i18n
