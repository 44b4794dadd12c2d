#pragma once
// Reed-Solomon error-correction codewords as QR Code uses them (ISO/IEC
// 18004:2015 §7.5.2): arithmetic in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1
// (0x11D), generator polynomial (x - a^0)(x - a^1)...(x - a^(n-1)) with a = 2.
// Low-level: the encoder uses it once per block; tests check it against the
// standard's worked example (Annex I).
#include <cstdint>
#include <span>
#include <vector>

namespace twofold::qr {

// Product of two field elements.
[[nodiscard]] std::uint8_t field_multiply(std::uint8_t x, std::uint8_t y);

// Computes the error-correction codewords of one block for a fixed count of
// codewords. Immutable; cheap to build (degree <= 30 in QR Code).
class reed_solomon_encoder final {
 public:
  // Precondition: ecc_codewords in [1, 255].
  explicit reed_solomon_encoder(int ecc_codewords);

  // Coefficients of the generator polynomial, highest power first, without
  // the leading 1 (so size() == ecc_codewords).
  [[nodiscard]] const std::vector<std::uint8_t>& generator() const { return generator_; }

  // The ecc_codewords codewords to append to `data` (any length): the
  // remainder of data(x) * x^n divided by the generator.
  [[nodiscard]] std::vector<std::uint8_t> remainder(std::span<const std::uint8_t> data) const;

 private:
  std::vector<std::uint8_t> generator_;
};

}  // namespace twofold::qr
