#include "text/utf8.hpp"

#include <cstddef>
#include <cstdint>

namespace twofold::text {
namespace {

constexpr char32_t max_code_point = 0x10FFFF;

constexpr bool is_surrogate(char32_t c) { return c >= 0xD800 && c <= 0xDFFF; }

constexpr bool is_continuation(std::uint8_t byte) { return (byte & 0xC0) == 0x80; }

// Length of the sequence a lead byte starts and the payload bits it carries;
// length 0 for bytes that cannot start a sequence (continuations, 0xF8..0xFF).
struct lead_byte {
  std::size_t length;
  char32_t bits;
};

constexpr lead_byte read_lead(std::uint8_t byte) {
  if (byte < 0x80) return {1, byte};
  if ((byte & 0xE0) == 0xC0) return {2, static_cast<char32_t>(byte & 0x1F)};
  if ((byte & 0xF0) == 0xE0) return {3, static_cast<char32_t>(byte & 0x0F)};
  if ((byte & 0xF8) == 0xF0) return {4, static_cast<char32_t>(byte & 0x07)};
  return {0, 0};
}

// The smallest code point that needs a sequence of each length: anything
// below it in that length is an overlong encoding.
constexpr char32_t min_code_point_for_length(std::size_t length) {
  switch (length) {
    case 2: return 0x80;
    case 3: return 0x800;
    case 4: return 0x10000;
    default: return 0;
  }
}

void append_byte(std::string& out, char32_t value) {
  out.push_back(static_cast<char>(static_cast<std::uint8_t>(value)));
}

}  // namespace

std::optional<decoded_character> decode_one(std::string_view bytes, std::size_t at) {
  const lead_byte lead = read_lead(static_cast<std::uint8_t>(bytes[at]));
  if (lead.length == 0 || bytes.size() - at < lead.length) return std::nullopt;
  char32_t c = lead.bits;
  for (std::size_t k = 1; k < lead.length; ++k) {
    const auto byte = static_cast<std::uint8_t>(bytes[at + k]);
    if (!is_continuation(byte)) return std::nullopt;
    c = (c << 6) | (byte & 0x3Fu);
  }
  if (c < min_code_point_for_length(lead.length) || c > max_code_point || is_surrogate(c)) return std::nullopt;
  return decoded_character{.code_point = c, .length = lead.length};
}

std::optional<std::u32string> decode_utf8(std::string_view bytes) {
  std::u32string code_points;
  code_points.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    const auto one = decode_one(bytes, i);
    if (!one) return std::nullopt;
    code_points.push_back(one->code_point);
    i += one->length;
  }
  return code_points;
}

std::string encode_utf8(std::u32string_view code_points) {
  std::string out;
  out.reserve(code_points.size());
  for (const char32_t c : code_points) {
    if (c < 0x80) {
      append_byte(out, c);
    } else if (c < 0x800) {
      append_byte(out, 0xC0 | (c >> 6));
      append_byte(out, 0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      append_byte(out, 0xE0 | (c >> 12));
      append_byte(out, 0x80 | ((c >> 6) & 0x3F));
      append_byte(out, 0x80 | (c & 0x3F));
    } else {
      append_byte(out, 0xF0 | (c >> 18));
      append_byte(out, 0x80 | ((c >> 12) & 0x3F));
      append_byte(out, 0x80 | ((c >> 6) & 0x3F));
      append_byte(out, 0x80 | (c & 0x3F));
    }
  }
  return out;
}

}  // namespace twofold::text
