// The QR encoder (qr/qr_code.hpp) on any bytes and any options. Input: three
// bytes of options (level, boost, mask; min_version; max_version: the
// defaults unless the byte's top bit is set, then a number also outside
// [1, 40] to reach invalid_options), then the data. Large versions cost
// milliseconds each, so they come mostly from data that needs them. A symbol that
// comes out has the size its version says, the smallest version that holds
// the data, the options asked for, and the function patterns of ISO/IEC
// 18004 §6.3 (finders, separators, timing, the dark module) where they
// belong; a refusal is exactly the one the options and capacity call for.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>

#include "fuzz_check.hpp"
#include "twofold/qr/qr_code.hpp"
#include "twofold/qr/version_tables.hpp"

namespace {

using twofold::fuzz::require;
namespace qr = twofold::qr;

// A finder pattern with its separator, centred on (cx, cy): dark ring at
// distance 3, light at 2 and 4, dark core within 1 (§6.3.3).
bool finder_at(const qr::qr_code& code, int cx, int cy) {
  for (int dy = -4; dy <= 4; ++dy) {
    for (int dx = -4; dx <= 4; ++dx) {
      const int distance = std::max(std::abs(dx), std::abs(dy));
      if (code.module(cx + dx, cy + dy) != (distance != 2 && distance != 4)) return false;
    }
  }
  return true;
}

bool timing_patterns(const qr::qr_code& code) {
  for (int i = 8; i < code.size() - 8; ++i) {
    if (code.module(i, 6) != (i % 2 == 0) || code.module(6, i) != (i % 2 == 0)) return false;
  }
  return true;
}

void check_symbol(const qr::qr_code& code, const qr::encode_options& options, std::size_t data_size) {
  const int version = code.version();
  require(version >= options.min_version && version <= options.max_version, "the version is within the range");
  require(code.size() == qr::symbol_size(version), "modules per side = 17 + 4 * version");
  require(data_size <= static_cast<std::size_t>(qr::byte_mode_capacity(version, options.level)),
          "the data fits the version at the level asked for");
  require(version == options.min_version ||
              data_size > static_cast<std::size_t>(qr::byte_mode_capacity(version - 1, options.level)),
          "no smaller version would hold the data");
  require(code.mask() >= 0 && code.mask() <= 7 && (!options.mask || code.mask() == *options.mask),
          "the mask asked for, or one of the eight");
  require(options.boost_level ? code.level() >= options.level : code.level() == options.level,
          "the level is the one asked for, or boosted above it");
  require(code.level() == options.level ||
              data_size <= static_cast<std::size_t>(qr::byte_mode_capacity(version, code.level())),
          "a boosted level still holds the data");
  const int last = code.size() - 1;
  require(finder_at(code, 3, 3) && finder_at(code, last - 3, 3) && finder_at(code, 3, last - 3),
          "three finder patterns with their separators");
  require(timing_patterns(code), "alternating timing patterns on row and column 6");
  require(code.module(8, code.size() - 8), "the dark module beside the lower-left finder");
  require(!code.module(-1, 0) && !code.module(0, code.size()), "outside the symbol is light");
  const auto svg = qr::to_svg(code, 4);
  require(svg.starts_with("<svg") && svg.find("</svg>") != std::string::npos, "the SVG is one element");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  qr::encode_options options;
  options.level = static_cast<qr::error_correction>(data[0] & 3);
  options.boost_level = (data[0] & 4) != 0;
  if ((data[0] & 8) != 0) options.mask = (data[0] >> 4) & 15;  // 8..15 are invalid
  if ((data[1] & 0x80) != 0) options.min_version = (data[1] & 0x7f) % 42;  // 0 and 41 are invalid
  if ((data[2] & 0x80) != 0) options.max_version = (data[2] & 0x7f) % 42;
  const std::span<const std::uint8_t> bytes(data + 3, size - 3);

  const bool valid_options = options.min_version >= qr::min_version && options.max_version <= qr::max_version &&
                             options.min_version <= options.max_version && (!options.mask || *options.mask <= 7);
  const auto code = qr::encode_bytes(bytes, options);
  if (!valid_options) {
    require(!code.has_value() && code.error() == qr::encode_error::invalid_options, "bad options are refused");
    return 0;
  }
  if (!code.has_value()) {
    require(code.error() == qr::encode_error::data_too_long &&
                bytes.size() > static_cast<std::size_t>(qr::byte_mode_capacity(options.max_version, options.level)),
            "only data beyond max_version's capacity is refused");
    return 0;
  }
  check_symbol(code.value(), options, bytes.size());
  return 0;
}
