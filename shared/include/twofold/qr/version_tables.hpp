#pragma once
// The fixed geometry and error-correction layout of QR Code symbols, from
// ISO/IEC 18004:2015 (Table 1 symbol sizes, Table 9 error-correction blocks,
// Annex E alignment pattern positions). Mid-level: the encoder is built on
// these, and tests compare them with the standard's capacity tables.
//
// Every function taking a version requires it in [min_version, max_version].
#include <vector>

namespace twofold::qr {

inline constexpr int min_version = 1;
inline constexpr int max_version = 40;

// Error-correction levels, weakest first; each recovers about this share of
// damaged codewords: low 7 %, medium 15 %, quartile 25 %, high 30 %.
enum class error_correction { low, medium, quartile, high };

// "L", "M", "Q" or "H".
[[nodiscard]] char error_correction_letter(error_correction level);

// Modules per side: 17 + 4 * version, in [21, 177].
[[nodiscard]] constexpr int symbol_size(int version) { return 17 + 4 * version; }

// Modules left for codewords once every function pattern, the format and the
// version information are placed, remainder bits included; in [208, 29648].
[[nodiscard]] int raw_data_modules(int version);

// Error-correction codewords in each block, in [7, 30].
[[nodiscard]] int ecc_codewords_per_block(int version, error_correction level);

// Number of error-correction blocks the codewords are split into, in [1, 81].
[[nodiscard]] int error_correction_blocks(int version, error_correction level);

// Data codewords (8-bit) the symbol holds, in [9, 2956].
[[nodiscard]] int data_codewords(int version, error_correction level);

// Bits of the byte-mode character count indicator: 8 for versions 1-9, 16 for
// 10-40 (Table 3).
[[nodiscard]] int byte_count_bits(int version);

// Most bytes one byte-mode segment can carry, in [7, 2953].
[[nodiscard]] int byte_mode_capacity(int version, error_correction level);

// Row (and column) coordinates of the alignment pattern centres, ascending;
// empty for version 1. Patterns overlapping a finder pattern are not drawn.
[[nodiscard]] std::vector<int> alignment_pattern_centres(int version);

}  // namespace twofold::qr
