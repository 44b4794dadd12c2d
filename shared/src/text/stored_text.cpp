#include "twofold/text/stored_text.hpp"

#include "text/utf8.hpp"

namespace twofold::text {

namespace {

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

std::string stored_text(std::string_view raw, std::size_t max_bytes) {
  std::string text;
  for (std::size_t i = 0; i < raw.size();) {
    const auto one = decode_one(raw, i);
    const std::string_view piece = one ? raw.substr(i, one->length) : replacement_character;
    if (text.size() + piece.size() > max_bytes) break;
    text += piece;
    i += one ? one->length : 1;
  }
  return text;
}

}  // namespace twofold::text
