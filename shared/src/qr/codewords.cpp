#include "qr/codewords.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

#include "qr/bit_buffer.hpp"
#include "twofold/qr/reed_solomon.hpp"

namespace twofold::qr {
namespace {

constexpr std::uint32_t byte_mode_indicator = 0b0100;
constexpr std::array<std::uint8_t, 2> pad_codewords{0xEC, 0x11};

struct block {
  std::vector<std::uint8_t> data;
  std::vector<std::uint8_t> ecc;
};

}  // namespace

std::vector<std::uint8_t> byte_mode_data_codewords(std::span<const std::uint8_t> bytes, int version,
                                                   error_correction level) {
  const int capacity_bits = data_codewords(version, level) * 8;
  bit_buffer bits;
  bits.append(byte_mode_indicator, 4);
  bits.append(static_cast<std::uint32_t>(bytes.size()), byte_count_bits(version));
  for (const std::uint8_t byte : bytes) bits.append(byte, 8);
  bits.append(0, std::min(4, capacity_bits - bits.size()));  // terminator, shortened when space is short
  bits.append(0, (8 - bits.size() % 8) % 8);
  auto codewords = bits.bytes();
  for (std::size_t i = 0; codewords.size() * 8 < static_cast<std::size_t>(capacity_bits); ++i) {
    codewords.push_back(pad_codewords[i % 2]);
  }
  return codewords;
}

std::vector<std::uint8_t> interleaved_codewords(std::span<const std::uint8_t> data, int version,
                                                error_correction level) {
  const auto block_count = static_cast<std::size_t>(error_correction_blocks(version, level));
  const auto ecc_length = static_cast<std::size_t>(ecc_codewords_per_block(version, level));
  const auto total = static_cast<std::size_t>(raw_data_modules(version) / 8);
  // Table 9: some blocks hold one data codeword more than the others; the short ones come first.
  const std::size_t short_data_length = total / block_count - ecc_length;
  const std::size_t short_blocks = block_count - total % block_count;

  const reed_solomon_encoder encoder(static_cast<int>(ecc_length));
  std::vector<block> blocks;
  std::size_t offset = 0;
  for (std::size_t i = 0; i < block_count; ++i) {
    const std::size_t length = short_data_length + (i < short_blocks ? 0 : 1);
    const auto slice = data.subspan(offset, length);
    blocks.push_back({{slice.begin(), slice.end()}, encoder.remainder(slice)});
    offset += length;
  }

  std::vector<std::uint8_t> sequence;
  sequence.reserve(total);
  for (std::size_t column = 0; column <= short_data_length; ++column) {
    for (const auto& each : blocks) {
      if (column < each.data.size()) sequence.push_back(each.data[column]);
    }
  }
  for (std::size_t column = 0; column < ecc_length; ++column) {
    for (const auto& each : blocks) sequence.push_back(each.ecc[column]);
  }
  return sequence;
}

}  // namespace twofold::qr
