#pragma once
// QR Code symbols, ISO/IEC 18004:2015 Model 2, in byte mode: any byte string
// (UTF-8 text, an otpauth:// URI) of up to 2953 bytes. Written for Twofold's
// 2FA enrolment, so the server and the browser draw the same symbol.
//
//   auto code = twofold::qr::encode_text("otpauth://totp/...", {.level = error_correction::medium});
//   if (code) svg = twofold::qr::to_svg(*code, 4);
//
// High level: encode_text / encode_bytes choose the version and the mask.
// Mid level: version_tables.hpp. Low level: reed_solomon.hpp.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "twofold/qr/version_tables.hpp"
#include "twofold/result.hpp"

namespace twofold::qr {

/*---- Encoding ----*/

struct encode_options {
  error_correction level = error_correction::medium;
  // The versions to choose from, smallest that fits first:
  // 1 <= min_version <= max_version <= 40.
  int min_version = qr::min_version;
  int max_version = qr::max_version;
  // A mask pattern in [0, 7], or none to take the one with the lowest
  // penalty score (§7.8.3; ties go to the lower number).
  std::optional<int> mask = std::nullopt;
  // When true, the level is raised (medium, quartile, high in turn) as long
  // as the data still fits the version already chosen: more error correction
  // for the same symbol size. The level asked for is the least given.
  bool boost_level = false;
};

enum class encode_error {
  data_too_long,    // more bytes than max_version holds at the level asked for
  invalid_options,  // a version outside [1, 40], min_version > max_version, or mask outside [0, 7]
};

class qr_code;

[[nodiscard]] result<qr_code, encode_error> encode_bytes(std::span<const std::uint8_t> data,
                                                         const encode_options& options = {});

// The text's bytes as they are (UTF-8 by convention; no check is made).
[[nodiscard]] result<qr_code, encode_error> encode_text(std::string_view text, const encode_options& options = {});

/*---- The symbol ----*/

// An immutable grid of dark and light modules, with the parameters it was
// built with. Only the encoder makes one.
class qr_code final {
 public:
  // In [1, 40].
  [[nodiscard]] int version() const { return version_; }
  // Modules per side, 17 + 4 * version: in [21, 177].
  [[nodiscard]] int size() const { return size_; }
  // The level used, which boost_level may have raised above the one asked for.
  [[nodiscard]] error_correction level() const { return level_; }
  // The mask pattern applied, in [0, 7].
  [[nodiscard]] int mask() const { return mask_; }

  // Whether the module at column x, row y ((0, 0) top left) is dark. Anything
  // outside [0, size) is light, like the quiet zone around a symbol.
  // Inline: drawing and checking a symbol ask it for every module.
  [[nodiscard]] bool module(int x, int y) const {
    if (x < 0 || x >= size_ || y < 0 || y >= size_) return false;
    return modules_[static_cast<std::size_t>(y) * static_cast<std::size_t>(size_) + static_cast<std::size_t>(x)] != 0;
  }

 private:
  qr_code(int version, error_correction level, int mask, std::vector<std::uint8_t> modules);
  friend result<qr_code, encode_error> encode_bytes(std::span<const std::uint8_t>, const encode_options&);

  int version_;
  int size_;
  error_correction level_;
  int mask_;
  std::vector<std::uint8_t> modules_;  // row-major, size_ * size_, 1 dark
};

/*---- Drawing ----*/

// A standalone SVG image of the symbol: one module is one user unit, with
// `border` light modules around it (clamped to [0, 64]; the standard asks for
// at least 4). Dark modules are a single <path> of horizontal runs, so the
// text stays small (a few kilobytes for an otpauth URI).
[[nodiscard]] std::string to_svg(const qr_code& code, int border);

}  // namespace twofold::qr
