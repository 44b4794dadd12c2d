#include "twofold/i18n/plural_rules.hpp"

#include <array>

namespace twofold::i18n {
namespace {

struct category_name {
  plural_category category;
  std::string_view name;
};

constexpr std::array<category_name, 6> names{{
    {plural_category::zero, "zero"},
    {plural_category::one, "one"},
    {plural_category::two, "two"},
    {plural_category::few, "few"},
    {plural_category::many, "many"},
    {plural_category::other, "other"},
}};

// en: one ← i = 1 and v = 0. Comparing with ±1 reads |count| without
// computing it (|INT64_MIN| does not fit).
plural_category english(std::int64_t count) {
  return count == 1 || count == -1 ? plural_category::one : plural_category::other;
}

}  // namespace

plural_category plural_category_of(language lang, std::int64_t count) {
  switch (lang) {
    case language::en: return english(count);
    case language::zh_cn: return plural_category::other;
  }
  return plural_category::other;
}

std::string_view plural_category_name(plural_category category) {
  for (const auto& entry : names) {
    if (entry.category == category) return entry.name;
  }
  return "other";
}

std::optional<plural_category> parse_plural_category(std::string_view name) {
  for (const auto& entry : names) {
    if (entry.name == name) return entry.category;
  }
  return std::nullopt;
}

}  // namespace twofold::i18n
