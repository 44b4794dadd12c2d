// Base 32 (otp/base32.hpp) both ways. Bytes encoded decode to themselves,
// with or without padding; a text the decoder accepts names exactly one byte
// string, so encoding that string gives the text back in canonical form
// (upper case, no spaces, no padding).
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "twofold/otp/base32.hpp"

namespace {

using twofold::fuzz::require;
namespace otp = twofold::otp;

std::string canonical_form(std::string_view text) {
  std::string canonical;
  for (const char c : text) {
    if (c != ' ' && c != '=') canonical += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return canonical;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  for (const auto padding : {otp::base32_padding::omit, otp::base32_padding::include}) {
    const auto text = otp::base32_encode(bytes, padding);
    require(text.size() % 8 == 0 || padding == otp::base32_padding::omit, "padding completes groups of 8");
    const auto decoded = otp::base32_decode(text);
    require(decoded.has_value() && std::ranges::equal(decoded.value(), bytes), "decode(encode(bytes)) == bytes");
  }

  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto decoded = otp::base32_decode(text);
  if (!decoded.has_value()) {
    require(!otp::error_code(decoded.error()).empty(), "every refusal has a name");
    return 0;
  }
  require(otp::base32_encode(decoded.value()) == canonical_form(text),
          "an accepted text is the canonical encoding of what it decodes to");
  return 0;
}
