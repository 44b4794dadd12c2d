#pragma once
// Plural categories: which form of a counted phrase a number takes, the way
// the Unicode CLDR defines it for each language ("1 minute", "2 minutes").
//
// Source: Unicode CLDR, common/supplemental/plurals.xml, cardinal rules
// (charts: https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html;
// syntax and operands: UTS #35 Part 3, "Language Plural Rules"). For integers
// the operands are n = |count|, i = n and v = 0 (no fraction digits):
//   en: one  ← i = 1 and v = 0     ("1 minute")
//       other ← everything else    ("0 minutes", "2 minutes", "21 minutes")
//   zh: other ← everything         (Chinese has no grammatical plural)
// The rules read the absolute value, so -1 is "one" in English.
#include <cstdint>
#include <optional>
#include <string_view>

#include "twofold/i18n/catalog.hpp"

namespace twofold::i18n {

// CLDR's six categories; a language uses some of them, always with `other`.
enum class plural_category { zero, one, two, few, many, other };

// The cardinal category of the integer `count` in `lang` (any int64).
[[nodiscard]] plural_category plural_category_of(language lang, std::int64_t count);

// "zero", "one", "two", "few", "many", "other".
[[nodiscard]] std::string_view plural_category_name(plural_category category);

// The category a name above stands for (exact, lower case); nullopt for any other text.
[[nodiscard]] std::optional<plural_category> parse_plural_category(std::string_view name);

}  // namespace twofold::i18n
