#include "twofold/otp/code_format.hpp"

#include <algorithm>

#include "otp/typed_code.hpp"
#include "text/utf8.hpp"

namespace twofold::otp {
namespace {

bool is_ascii_digit(char32_t c) { return c >= U'0' && c <= U'9'; }

code_validation refuse(std::string_view field, std::string_view code) {
  return {{{std::string(field), std::string(code), "validation." + std::string(code)}}, {}};
}

}  // namespace

code_validation normalize_code(std::string_view typed, std::string_view field) {
  const auto decoded = text::decode_utf8(typed);
  if (!decoded) return refuse(field, "invalid_utf8");
  const auto symbols = strip_code_separators(*decoded);
  if (symbols.empty()) return refuse(field, "required");
  if (!std::all_of(symbols.begin(), symbols.end(), is_ascii_digit)) return refuse(field, "not_digits");
  if (symbols.size() != code_length) return refuse(field, "not_six_digits");
  return {{}, text::encode_utf8(symbols)};
}

}  // namespace twofold::otp
