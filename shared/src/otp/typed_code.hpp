#pragma once
// What people type or paste for a one-time or backup code, reduced to its
// symbols: the grouping they add or copy along (white space, hyphens and
// other dashes) is dropped, and full-width forms, which Chinese and Japanese
// input methods produce, are folded to ASCII ("１２３ ４５６" -> "123456").
#include <string>
#include <string_view>

namespace twofold::otp {

[[nodiscard]] std::u32string strip_code_separators(std::u32string_view typed);

}  // namespace twofold::otp
