#include "twofold/i18n/catalog.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "twofold/embedded/catalog_sources.hpp"

namespace twofold::i18n {
namespace {

constexpr std::array<language_info, 2> languages{{
    {language::en, "en", "English"},
    {language::zh_cn, "zh-CN", "简体中文"},
}};

// Catalog sources, indexed like `languages`.
constexpr std::array<std::string_view, languages.size()> sources{embedded::en_json, embedded::zh_cn_json};

// A value outside the enum is a broken invariant: the .at() calls below throw.
std::size_t index_of(language lang) { return static_cast<std::size_t>(lang); }

using text_map = std::map<std::string, std::string, std::less<>>;

// The build already refused invalid JSON; anything else that is not a
// string-to-string object is left out rather than thrown.
text_map parse_source(std::string_view json_text) {
  text_map texts;
  const auto parsed = nlohmann::json::parse(json_text, nullptr, false);
  if (!parsed.is_object()) return texts;
  for (const auto& [key, value] : parsed.items()) {
    if (value.is_string()) texts.emplace(key, value.get<std::string>());
  }
  return texts;
}

// Parsed once, on first use, and never changed: safe to share between threads.
class catalogs {
 public:
  catalogs() {
    for (std::size_t i = 0; i < languages.size(); ++i) own_[i] = parse_source(sources[i]);
    for (std::size_t i = 0; i < languages.size(); ++i) {
      for (const auto& entry : own_[index_of(default_language)]) {
        merged_[i].push_back({entry.first, find(languages[i].id, entry.first).text});
      }
    }
  }

  // The text in `lang`, else in English, else the key itself.
  [[nodiscard]] translation find(language lang, std::string_view key) const {
    const auto& own_texts = own_.at(index_of(lang));
    if (auto own = own_texts.find(key); own != own_texts.end()) return {own->second, lang};
    const auto& english = own_[index_of(default_language)];
    if (auto found = english.find(key); found != english.end()) return {found->second, default_language};
    return {key, lang};
  }

  [[nodiscard]] std::span<const message> merged(std::size_t i) const { return merged_.at(i); }

 private:
  std::array<text_map, languages.size()> own_;
  std::array<std::vector<message>, languages.size()> merged_;  // views into own_
};

const catalogs& embedded_catalogs() {
  static const catalogs instance;
  return instance;
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// BCP 47 (RFC 5646 §2.1) at the level we need: subtags of 1..8 ASCII letters
// or digits separated by '-'. POSIX-style '_' separators are accepted too.
std::vector<std::string> subtags(std::string_view tag) {
  std::vector<std::string> parts(1);
  for (const char c : tag) {
    if (c == '-' || c == '_') {
      parts.emplace_back();
    } else if (is_ascii_alnum(c)) {
      parts.back().push_back(ascii_lower(c));
    } else {
      return {};
    }
  }
  const bool well_formed = std::all_of(parts.begin(), parts.end(), [](const std::string& part) {
    return !part.empty() && part.size() <= 8;
  });
  return well_formed ? parts : std::vector<std::string>{};
}

// Traditional-script Chinese: our Simplified catalog is the wrong answer.
bool is_traditional_chinese(const std::vector<std::string>& parts) {
  return std::any_of(parts.begin() + 1, parts.end(), [](const std::string& part) {
    return part == "hant" || part == "tw" || part == "hk" || part == "mo";
  });
}

}  // namespace

std::span<const language_info> supported_languages() { return languages; }

std::optional<language> parse_language(std::string_view tag) {
  for (const auto& info : languages) {
    if (equals_ignoring_case(tag, info.tag)) return info.id;
  }
  const auto parts = subtags(tag);
  if (parts.empty()) return std::nullopt;
  if (parts.front() == "en") return language::en;
  if (parts.front() == "zh" && !is_traditional_chinese(parts)) return language::zh_cn;
  return std::nullopt;
}

std::string_view language_tag(language lang) { return languages.at(index_of(lang)).tag; }

std::string_view translate(language lang, std::string_view key) { return find_translation(lang, key).text; }

translation find_translation(language lang, std::string_view key) { return embedded_catalogs().find(lang, key); }

std::span<const message> all_messages(language lang) { return embedded_catalogs().merged(index_of(lang)); }

}  // namespace twofold::i18n
