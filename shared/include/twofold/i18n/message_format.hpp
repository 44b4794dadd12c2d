#pragma once
// Messages with values and counts, one rule for browser and server: a subset
// of ICU MessageFormat (https://unicode-org.github.io/icu/userguide/format_parse/messages/).
//
//   "Signed in as {name}"
//   "Try again in {minutes, plural, one {# minute} other {# minutes}}."
//   "{count, plural, =0 {No codes left.} one {Only # code left.} other {Only # codes left.}}"
//
// Syntax:
//   {name}                      the argument's value: a string as given, an
//                               integer in decimal digits (no grouping: "1500")
//   {name, plural, branches}    one branch, chosen by the argument's number:
//       =N {…}                  exactly N (a decimal integer, may be negative);
//                               exact matches are tried first,
//       zero|one|two|few|many|other {…}
//                               then the number's CLDR category in the
//                               language (plural_rules.hpp), else `other`.
//                               `other` is required.
//   Inside a branch, # is the plural's argument written as {name} would write
//   it; branches hold text, {name}s and further plurals.
// Names are ASCII letters, digits and '_'. Space, tab, CR and LF may surround
// names, keywords, selectors and branches.
//
// Not supported: apostrophe quoting (an apostrophe is plain text, so a pattern
// cannot hold a literal brace), argument types other than plural (select,
// selectordinal, number, date), plural offsets, and locale number formats.
//
// A plural's argument is a number when it is an integer or a string holding a
// decimal integer in int64 range ("12", "-3", "007"; no '+', spaces or
// fraction): "12" selects like 12. Any other string selects `other`.
//
// A {name} or plural whose argument is missing is left as written, so a
// missing value shows instead of vanishing. If several arguments share a name,
// the first counts.
//
// A malformed pattern is returned as written; formatting never throws. It is
// malformed when (pattern_error):
//   unbalanced_brace  a '{' without its '}', or a '}' without its '{'
//   invalid_argument  a '{' not followed by a name, then '}' or ", plural,"
//   unsupported_type  an argument type other than plural ("{n, select, …}")
//   invalid_branch    among a plural's branches: a selector that is neither
//                     =N nor a category name, a selector given twice, a
//                     selector without its {…}, or any other text
//   missing_other     a plural without an `other` branch
//   too_deep          plurals nested more than max_plural_nesting deep
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "twofold/i18n/catalog.hpp"
#include "twofold/result.hpp"

namespace twofold::i18n {

// Plurals inside plurals, at most this deep (the top-level plural is 1): the
// parser recurses once per level, so no pattern can exhaust the stack.
inline constexpr int max_plural_nesting = 4;

using message_value = std::variant<std::string, std::int64_t>;

// Values by argument name, e.g. {{"count", 2}, {"name", user.display_name}}.
using message_arguments = std::vector<std::pair<std::string, message_value>>;

enum class pattern_error {
  unbalanced_brace,
  invalid_argument,
  unsupported_type,
  invalid_branch,
  missing_other,
  too_deep,
};

// The names of the arguments a pattern reads (each once, sorted), or why it
// is malformed.
[[nodiscard]] result<std::set<std::string>, pattern_error> pattern_arguments(std::string_view pattern);

// The pattern with its arguments filled in, using `lang`'s plural rules.
[[nodiscard]] std::string format_pattern(language lang, std::string_view pattern, const message_arguments& args);

// The catalog text for `key` (translate) formatted with `args`. A text that
// falls back to English is formatted by English plural rules.
[[nodiscard]] std::string format(language lang, std::string_view key, const message_arguments& args = {});

}  // namespace twofold::i18n
