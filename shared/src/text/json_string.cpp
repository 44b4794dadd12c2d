#include "twofold/text/json_string.hpp"

#include <algorithm>

#include "twofold/text/stored_text.hpp"

namespace twofold::text {

namespace {

constexpr char hex_digits[] = "0123456789abcdef";

// Printable ASCII other than the quote and the backslash: copied as it is.
bool plain(char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; }

void append_escaped(std::string& line, std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      line += '\\';
      line += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      line += "\\u00";
      line += hex_digits[byte >> 4];
      line += hex_digits[byte & 0xf];
    } else {
      line += c;  // UTF-8 already made well-formed
    }
  }
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  if (std::all_of(text.begin(), text.end(), plain)) {
    out += text;
  } else {
    // Each byte replaced takes three: nothing is cut.
    append_escaped(out, stored_text(text, text.size() * 3));
  }
  out += '"';
}

}  // namespace twofold::text
