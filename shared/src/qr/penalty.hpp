#pragma once
// How hard a masked symbol is to read, by the four rules of ISO/IEC
// 18004:2015 §7.8.3 (Table 11); the encoder keeps the mask with the lowest
// score. Lower is better; always >= 0.
//
//   N1 = 3   each run of 5 + i same-coloured modules in a row or column: 3 + i
//   N2 = 3   each 2x2 block of one colour (overlapping blocks count each)
//   N3 = 40  each dark-light-dark-dark-dark-light-dark (1:1:3:1:1) pattern in
//            a row or column with 4 light modules before it, and each with 4
//            after it; modules beyond the edge count as light (quiet zone)
//   N4 = 10  per full 5 % by which the dark share departs from 50 %
#include "qr/module_grid.hpp"

namespace twofold::qr {

[[nodiscard]] int penalty_score(const module_grid& grid);

}  // namespace twofold::qr
