#include "twofold/otp/backup_codes.hpp"

#include <optional>
#include <utility>

#include "otp/typed_code.hpp"
#include "text/utf8.hpp"

namespace twofold::otp {
namespace {

// Crockford's base32 (https://www.crockford.com/base32.html).
constexpr std::string_view crockford_alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t bits_per_symbol = 5;

// The canonical symbol a typed character stands for, if any.
std::optional<char> canonical_symbol(char32_t c) {
  if (c >= U'a' && c <= U'z') c -= U'a' - U'A';
  if (c == U'I' || c == U'L') return '1';
  if (c == U'O') return '0';
  if (c > 0x7F) return std::nullopt;
  const auto symbol = static_cast<char>(c);
  if (crockford_alphabet.find(symbol) == std::string_view::npos) return std::nullopt;
  return symbol;
}

backup_code_validation refuse(std::string_view field, std::string_view code) {
  return {{{std::string(field), std::string(code), "validation." + std::string(code)}}, {}};
}

}  // namespace

std::string_view error_code(backup_code_error error) {
  switch (error) {
    case backup_code_error::wrong_random_size: return "wrong_random_size";
  }
  return "unknown";
}

result<std::string, backup_code_error> format_backup_code(std::span<const std::uint8_t> random) {
  if (random.size() != backup_code_random_bytes) return failure{backup_code_error::wrong_random_size};
  std::string canonical;
  std::uint32_t buffer = 0;
  std::size_t buffered_bits = 0;
  for (const auto byte : random) {
    buffer = (buffer << 8U) | byte;
    buffered_bits += 8;
    while (buffered_bits >= bits_per_symbol && canonical.size() < backup_code_symbols) {
      buffered_bits -= bits_per_symbol;
      canonical.push_back(crockford_alphabet[(buffer >> buffered_bits) & 0x1fU]);
    }
  }
  return group_backup_code(canonical);
}

result<std::vector<std::string>, backup_code_error> format_backup_codes(std::span<const std::uint8_t> random) {
  if (random.empty() || random.size() % backup_code_random_bytes != 0) {
    return failure{backup_code_error::wrong_random_size};
  }
  std::vector<std::string> codes;
  for (std::size_t start = 0; start < random.size(); start += backup_code_random_bytes) {
    codes.push_back(*format_backup_code(random.subspan(start, backup_code_random_bytes)));
  }
  return codes;
}

backup_code_validation normalize_backup_code(std::string_view typed, std::string_view field) {
  const auto decoded = text::decode_utf8(typed);
  if (!decoded) return refuse(field, "invalid_utf8");
  const auto symbols = strip_code_separators(*decoded);
  if (symbols.empty()) return refuse(field, "required");
  if (symbols.size() != backup_code_symbols) return refuse(field, "invalid_backup_code");
  std::string canonical;
  for (const char32_t c : symbols) {
    const auto symbol = canonical_symbol(c);
    if (!symbol) return refuse(field, "invalid_backup_code");
    canonical.push_back(*symbol);
  }
  return {{}, std::move(canonical)};
}

std::string group_backup_code(std::string_view canonical) {
  std::string grouped;
  for (std::size_t i = 0; i < canonical.size(); ++i) {
    if (i > 0 && i % backup_code_group_size == 0) grouped.push_back('-');
    grouped.push_back(canonical[i]);
  }
  return grouped;
}

}  // namespace twofold::otp
