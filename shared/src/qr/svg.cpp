#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <string>

#include "twofold/qr/qr_code.hpp"

namespace twofold::qr {
namespace {

constexpr int max_border = 64;

void append_number(std::string& path, int value) {
  std::array<char, 12> digits{};
  const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), value).ptr;
  path.append(digits.data(), end);
}

// One horizontal run of dark modules as a closed one-module-high rectangle,
// appended in place: a large symbol has thousands of runs.
void append_run(std::string& path, int x, int y, int length) {
  path += 'M';
  append_number(path, x);
  path += ' ';
  append_number(path, y);
  path += 'h';
  append_number(path, length);
  path += "v1h-";
  append_number(path, length);
  path += 'z';
}

}  // namespace

std::string to_svg(const qr_code& code, int border) {
  border = std::clamp(border, 0, max_border);
  const auto side = std::to_string(code.size() + 2 * border);
  std::string path;
  // About a quarter of the modules start a run, of some sixteen characters.
  path.reserve(static_cast<std::size_t>(code.size() * code.size()) * 4);
  for (int y = 0; y < code.size(); ++y) {
    for (int x = 0; x < code.size();) {
      if (!code.module(x, y)) {
        ++x;
        continue;
      }
      const int start = x;
      while (code.module(x, y)) ++x;  // light beyond the edge ends every run
      append_run(path, start + border, y + border, x - start);
    }
  }
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + side + ' ' + side +
         "\" shape-rendering=\"crispEdges\"><path fill=\"#fff\" d=\"M0 0h" + side + 'v' + side +
         "H0z\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
}

}  // namespace twofold::qr
