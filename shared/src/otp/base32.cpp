#include "twofold/otp/base32.hpp"

#include <array>
#include <cstddef>
#include <optional>

namespace twofold::otp {
namespace {

constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::size_t bits_per_symbol = 5;
constexpr std::size_t symbols_per_group = 8;  // 8 symbols carry 5 bytes

std::optional<std::uint32_t> symbol_value(char c) {
  if (c >= 'A' && c <= 'Z') return static_cast<std::uint32_t>(c - 'A');
  if (c >= 'a' && c <= 'z') return static_cast<std::uint32_t>(c - 'a');
  if (c >= '2' && c <= '7') return static_cast<std::uint32_t>(c - '2' + 26);
  return std::nullopt;
}

// Symbols in a final group that encode whole bytes: 2 -> 1 byte, 4 -> 2,
// 5 -> 3, 7 -> 4 (RFC 4648 §6, cases 1-4); 0 means no partial group.
bool is_possible_tail(std::size_t symbols_in_last_group) {
  constexpr std::array<bool, symbols_per_group> possible{true, false, true, false, true, true, false, true};
  return possible.at(symbols_in_last_group);
}

}  // namespace

std::string base32_encode(std::span<const std::uint8_t> bytes, base32_padding padding) {
  std::string text;
  text.reserve((bytes.size() * 8 + bits_per_symbol - 1) / bits_per_symbol + symbols_per_group);
  std::uint32_t buffer = 0;
  std::size_t buffered_bits = 0;
  for (const auto byte : bytes) {
    buffer = (buffer << 8U) | byte;
    buffered_bits += 8;
    while (buffered_bits >= bits_per_symbol) {
      buffered_bits -= bits_per_symbol;
      text.push_back(alphabet[(buffer >> buffered_bits) & 0x1fU]);
    }
  }
  if (buffered_bits > 0) text.push_back(alphabet[(buffer << (bits_per_symbol - buffered_bits)) & 0x1fU]);
  if (padding == base32_padding::include) {
    while (text.size() % symbols_per_group != 0) text.push_back('=');
  }
  return text;
}

std::string_view error_code(base32_error error) {
  switch (error) {
    case base32_error::invalid_character: return "invalid_character";
    case base32_error::invalid_padding: return "invalid_padding";
    case base32_error::invalid_length: return "invalid_length";
    case base32_error::nonzero_trailing_bits: return "nonzero_trailing_bits";
  }
  return "unknown";
}

result<std::vector<std::uint8_t>, base32_error> base32_decode(std::string_view text) {
  std::vector<std::uint8_t> bytes;
  std::uint32_t buffer = 0;
  std::size_t buffered_bits = 0;
  std::size_t symbols = 0;
  std::size_t pads = 0;
  for (const char c : text) {
    if (c == ' ') continue;
    if (c == '=') {
      ++pads;
      continue;
    }
    const auto value = symbol_value(c);
    if (!value) return failure{base32_error::invalid_character};
    if (pads > 0) return failure{base32_error::invalid_padding};
    ++symbols;
    buffer = ((buffer << bits_per_symbol) | *value) & 0xfffU;  // at most 12 bits are ever pending
    buffered_bits += bits_per_symbol;
    if (buffered_bits >= 8) {
      buffered_bits -= 8;
      bytes.push_back(static_cast<std::uint8_t>(buffer >> buffered_bits));
    }
  }
  const auto tail = symbols % symbols_per_group;
  if (pads > 0 && (tail == 0 || tail + pads != symbols_per_group)) return failure{base32_error::invalid_padding};
  if (!is_possible_tail(tail)) return failure{base32_error::invalid_length};
  if ((buffer & ((1U << buffered_bits) - 1U)) != 0) return failure{base32_error::nonzero_trailing_bits};
  return bytes;
}

}  // namespace twofold::otp
