#pragma once
// Strict UTF-8 (RFC 3629 §3-4): the only accepted byte sequences are the
// shortest encodings of U+0000..U+10FFFF minus the surrogates U+D800..U+DFFF.
// Overlong forms, surrogates, values above U+10FFFF, stray continuation bytes
// and truncated sequences are all "not well-formed"; nothing is repaired.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace twofold::text {

struct decoded_character {
  char32_t code_point = 0;
  std::size_t length = 0;  // bytes, in [1, 4]
};

// The character starting at bytes[at] (at < bytes.size()), or nullopt when
// no well-formed sequence starts there.
[[nodiscard]] std::optional<decoded_character> decode_one(std::string_view bytes, std::size_t at);

// The code points of `bytes`, or nullopt when it is not well-formed UTF-8.
[[nodiscard]] std::optional<std::u32string> decode_utf8(std::string_view bytes);

// UTF-8 for code points that are Unicode scalar values (no surrogates,
// at most U+10FFFF); decode_utf8(encode_utf8(x)) == x for those.
[[nodiscard]] std::string encode_utf8(std::u32string_view code_points);

}  // namespace twofold::text
