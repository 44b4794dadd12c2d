// What people type as a second factor (otp/code_format.hpp,
// otp/backup_codes.hpp), and backup codes made from random bytes. Accepted
// input is in canonical form, normalising is idempotent, and a code shown to
// a person reads back as the code it shows.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "fuzz_check.hpp"
#include "twofold/otp/backup_codes.hpp"
#include "twofold/otp/code_format.hpp"

namespace {

using twofold::fuzz::require;
namespace otp = twofold::otp;

bool crockford_symbols(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return std::string_view("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(c) != std::string_view::npos;
  });
}

void check_typed_code(std::string_view typed) {
  const auto code = otp::normalize_code(typed);
  if (!code.ok()) {
    require(code.errors.size() == 1, "a typed code reports exactly one error");
    return;
  }
  require(code.code.size() == otp::code_length &&
              std::all_of(code.code.begin(), code.code.end(), [](char c) { return c >= '0' && c <= '9'; }),
          "a code is six ASCII digits");
  require(otp::normalize_code(code.code).code == code.code, "normalising a code is idempotent");
}

void check_backup_code(std::string_view typed) {
  const auto code = otp::normalize_backup_code(typed);
  if (!code.ok()) {
    require(code.errors.size() == 1, "a typed backup code reports exactly one error");
    return;
  }
  require(code.code.size() == otp::backup_code_symbols && crockford_symbols(code.code),
          "a backup code is 14 Crockford symbols");
  const auto shown = otp::group_backup_code(code.code);
  require(otp::normalize_backup_code(shown).code == code.code, "the grouped form reads back as the code");
}

void check_made_codes(std::span<const std::uint8_t> random) {
  const auto whole = random.first(random.size() - random.size() % otp::backup_code_random_bytes);
  const auto codes = otp::format_backup_codes(whole);
  if (whole.empty()) {
    require(!codes.has_value(), "no random bytes make no codes");
    return;
  }
  require(codes.has_value() && codes.value().size() == whole.size() / otp::backup_code_random_bytes,
          "one code per 9 random bytes");
  for (const auto& shown : codes.value()) {
    const auto read = otp::normalize_backup_code(shown);
    require(read.ok() && otp::group_backup_code(read.code) == shown, "a made code reads back as itself");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view typed(reinterpret_cast<const char*>(data), size);
  check_typed_code(typed);
  check_backup_code(typed);
  check_made_codes({data, size});
  return 0;
}
