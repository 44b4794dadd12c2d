#include "otp/typed_code.hpp"

#include "text/unicode_properties.hpp"

namespace twofold::otp {
namespace {

// Hyphen-minus, the dashes U+2010..U+2015, the minus sign and the small
// hyphen-minus; the full-width one is folded to '-' first.
bool is_dash(char32_t c) { return c == U'-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE63; }

// U+FF01..U+FF5E mirror ASCII '!'..'~' (Unicode's Halfwidth and Fullwidth Forms block).
char32_t fold_full_width(char32_t c) { return (c >= 0xFF01 && c <= 0xFF5E) ? c - 0xFEE0 : c; }

}  // namespace

std::u32string strip_code_separators(std::u32string_view typed) {
  std::u32string symbols;
  for (const char32_t c : typed) {
    const char32_t folded = fold_full_width(c);
    if (!text::is_white_space(folded) && !is_dash(folded)) symbols.push_back(folded);
  }
  return symbols;
}

}  // namespace twofold::otp
