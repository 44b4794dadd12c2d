#include "twofold/qr/qr_code.hpp"

#include <array>
#include <cstddef>
#include <limits>
#include <utility>

#include "qr/codewords.hpp"
#include "qr/module_grid.hpp"
#include "qr/penalty.hpp"

namespace twofold::qr {
namespace {

constexpr int mask_count = 8;

bool valid(const encode_options& options) {
  const bool versions_ok = qr::min_version <= options.min_version && options.min_version <= options.max_version &&
                           options.max_version <= qr::max_version;
  const bool mask_ok = !options.mask || (*options.mask >= 0 && *options.mask < mask_count);
  return versions_ok && mask_ok;
}

bool fits(std::size_t byte_count, int version, error_correction level) {
  return byte_count <= static_cast<std::size_t>(byte_mode_capacity(version, level));
}

std::optional<int> smallest_fitting_version(std::size_t byte_count, const encode_options& options) {
  for (int version = options.min_version; version <= options.max_version; ++version) {
    if (fits(byte_count, version, options.level)) return version;
  }
  return std::nullopt;
}

error_correction boosted_level(std::size_t byte_count, int version, error_correction level) {
  constexpr std::array stronger{error_correction::medium, error_correction::quartile, error_correction::high};
  for (const auto candidate : stronger) {
    if (candidate > level && fits(byte_count, version, candidate)) level = candidate;
  }
  return level;
}

// The grid masked with `mask` and labelled with its format bits, as it is
// both scored and delivered.
module_grid masked(module_grid grid, error_correction level, int mask) {
  grid.apply_mask(mask);
  grid.draw_format_bits(level, mask);
  return grid;
}

int lowest_penalty_mask(const module_grid& unmasked, error_correction level) {
  int best_mask = 0;
  int best_score = std::numeric_limits<int>::max();
  for (int mask = 0; mask < mask_count; ++mask) {
    const int score = penalty_score(masked(unmasked, level, mask));
    if (score < best_score) {
      best_score = score;
      best_mask = mask;
    }
  }
  return best_mask;
}

}  // namespace

qr_code::qr_code(int version, error_correction level, int mask, std::vector<std::uint8_t> modules)
    : version_(version), size_(symbol_size(version)), level_(level), mask_(mask), modules_(std::move(modules)) {}

result<qr_code, encode_error> encode_bytes(std::span<const std::uint8_t> data, const encode_options& options) {
  if (!valid(options)) return failure{encode_error::invalid_options};
  const auto version = smallest_fitting_version(data.size(), options);
  if (!version) return failure{encode_error::data_too_long};
  const auto level = options.boost_level ? boosted_level(data.size(), *version, options.level) : options.level;

  const auto codewords = interleaved_codewords(byte_mode_data_codewords(data, *version, level), *version, level);
  module_grid grid(*version);
  grid.place_codewords(codewords);
  const int mask = options.mask ? *options.mask : lowest_penalty_mask(grid, level);
  return qr_code(*version, level, mask, masked(std::move(grid), level, mask).take_modules());
}

result<qr_code, encode_error> encode_text(std::string_view text, const encode_options& options) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  return encode_bytes({bytes, text.size()}, options);
}

}  // namespace twofold::qr
