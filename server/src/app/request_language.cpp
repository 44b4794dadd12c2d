#include "app/request_language.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

namespace twofold::server {

namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

struct weighted_tag {
  std::string_view tag;
  double quality = 1.0;  // 0..1; 0 means "not acceptable"
};

// "zh-CN;q=0.8" -> {zh-CN, 0.8}. A malformed weight counts as 0: ignored.
weighted_tag parse_entry(std::string_view entry) {
  const auto semicolon = entry.find(';');
  weighted_tag result{.tag = trimmed(entry.substr(0, semicolon)), .quality = 1.0};
  if (semicolon == std::string_view::npos) return result;
  const auto parameter = trimmed(entry.substr(semicolon + 1));
  if (!parameter.starts_with("q=") && !parameter.starts_with("Q=")) return result;
  const auto number = parameter.substr(2);
  double quality = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), quality);
  // from_chars also reads "nan" and "inf", which no qvalue is (RFC 9110 §12.4.2).
  const bool parsed = error == std::errc{} && end == number.data() + number.size() && std::isfinite(quality);
  result.quality = parsed ? std::clamp(quality, 0.0, 1.0) : 0.0;
  return result;
}

}  // namespace

std::optional<i18n::language> preferred_language(std::string_view accept_language) {
  std::vector<weighted_tag> entries;
  while (!accept_language.empty()) {
    const auto comma = accept_language.find(',');
    entries.push_back(parse_entry(accept_language.substr(0, comma)));
    accept_language = comma == std::string_view::npos ? std::string_view{} : accept_language.substr(comma + 1);
  }
  // Stable: among equal weights the header's order decides.
  std::stable_sort(entries.begin(), entries.end(),
                   [](const weighted_tag& a, const weighted_tag& b) { return a.quality > b.quality; });
  for (const auto& entry : entries) {
    if (entry.quality <= 0.0 || entry.tag.empty() || entry.tag == "*") continue;
    if (auto language = i18n::parse_language(entry.tag)) return language;
  }
  return std::nullopt;
}

i18n::language answer_language(std::optional<i18n::language> user_language, std::string_view accept_language) {
  if (user_language) return *user_language;
  return preferred_language(accept_language).value_or(i18n::default_language);
}

}  // namespace twofold::server
