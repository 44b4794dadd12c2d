#pragma once
// The codeword sequence of a symbol (§7.4 data encoding, §7.5 error
// correction, §7.6 interleaving): what module_grid::place_codewords writes.
#include <cstdint>
#include <span>
#include <vector>

#include "twofold/qr/version_tables.hpp"

namespace twofold::qr {

// One byte-mode segment (mode 0100, count, bytes), the terminator and the pad
// codewords 0xEC 0x11 ..., exactly data_codewords(version, level) of them.
// Precondition: bytes.size() <= byte_mode_capacity(version, level).
[[nodiscard]] std::vector<std::uint8_t> byte_mode_data_codewords(std::span<const std::uint8_t> bytes, int version,
                                                                 error_correction level);

// The data split into the version's blocks (shorter blocks first), each given
// its Reed-Solomon codewords, then interleaved: data codewords column by
// column across blocks, then error-correction codewords likewise.
// raw_data_modules(version) / 8 codewords.
// Precondition: data.size() == data_codewords(version, level).
[[nodiscard]] std::vector<std::uint8_t> interleaved_codewords(std::span<const std::uint8_t> data, int version,
                                                              error_correction level);

}  // namespace twofold::qr
