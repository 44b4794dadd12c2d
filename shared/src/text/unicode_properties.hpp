#pragma once
// The two Unicode character classes the form rules need. Control characters
// (General_Category Cc) are fixed by Unicode's stability policy; White_Space
// (PropList.txt) has not changed since Unicode 6.3 removed U+180E.
#include <string_view>

namespace twofold::text {

// Cc: U+0000..U+001F and U+007F..U+009F (NUL, tab, line feed, DEL, C1 controls).
[[nodiscard]] bool is_control(char32_t c);

// The White_Space property: tab..carriage return, space, U+0085, no-break
// space, ogham space, U+2000..U+200A, line/paragraph separators, U+202F,
// U+205F and the ideographic space U+3000.
[[nodiscard]] bool is_white_space(char32_t c);

// `text` without White_Space at either end.
[[nodiscard]] std::u32string_view trim_white_space(std::u32string_view text);

}  // namespace twofold::text
