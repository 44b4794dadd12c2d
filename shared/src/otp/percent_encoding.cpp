#include "otp/percent_encoding.hpp"

#include <algorithm>

namespace twofold::otp {
namespace {

constexpr std::string_view hex_digits = "0123456789ABCDEF";

bool is_ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool is_unreserved(char c) { return is_ascii_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~'; }

// RFC 3986 §2.2 gen-delims and sub-delims.
bool is_reserved(char c) { return std::string_view(":/?#[]@!$&'()*+,;=").find(c) != std::string_view::npos; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string percent_encode(std::string_view bytes) {
  std::string encoded;
  encoded.reserve(bytes.size());
  for (const char c : bytes) {
    if (is_unreserved(c)) {
      encoded.push_back(c);
    } else {
      const auto byte = static_cast<unsigned char>(c);
      encoded.push_back('%');
      encoded.push_back(hex_digits[byte >> 4U]);
      encoded.push_back(hex_digits[byte & 0x0fU]);
    }
  }
  return encoded;
}

std::optional<std::string> percent_decode(std::string_view text) {
  std::string decoded;
  decoded.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      decoded.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;  // needs two more characters
    const int high = hex_value(text[i + 1]);
    const int low = hex_value(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    decoded.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return decoded;
}

bool is_uri_text(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return is_unreserved(c) || is_reserved(c) || c == '%'; });
}

}  // namespace twofold::otp
