#pragma once
// A growing sequence of bits, most significant bit first, from which the
// data codewords of a symbol are cut.
#include <cstdint>
#include <vector>

namespace twofold::qr {

class bit_buffer final {
 public:
  // Appends the low `count` bits of `value`, highest first.
  // Precondition: count in [0, 31] and value < 2^count.
  void append(std::uint32_t value, int count);

  [[nodiscard]] int size() const { return static_cast<int>(bits_.size()); }

  // The bits packed into bytes, highest bit first. Precondition: size() % 8 == 0.
  [[nodiscard]] std::vector<std::uint8_t> bytes() const;

 private:
  std::vector<bool> bits_;
};

}  // namespace twofold::qr
