#pragma once
// Strict UTF-8 (RFC 3629 §3-4): the only accepted byte sequences are the
// shortest encodings of U+0000..U+10FFFF minus the surrogates U+D800..U+DFFF.
// Overlong forms, surrogates, values above U+10FFFF, stray continuation bytes
// and truncated sequences are all "not well-formed"; nothing is repaired.
#include <optional>
#include <string>
#include <string_view>

namespace twofold::text {

// The code points of `bytes`, or nullopt when it is not well-formed UTF-8.
[[nodiscard]] std::optional<std::u32string> decode_utf8(std::string_view bytes);

// UTF-8 for code points that are Unicode scalar values (no surrogates,
// at most U+10FFFF); decode_utf8(encode_utf8(x)) == x for those.
[[nodiscard]] std::string encode_utf8(std::u32string_view code_points);

}  // namespace twofold::text
