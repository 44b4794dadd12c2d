// SVG drawing of a symbol (twofold::qr::to_svg): the path, read back, paints
// exactly the dark modules, offset by the border.
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

#include "twofold/qr/qr_code.hpp"

namespace twofold::qr {
namespace {

std::string dark_path(const std::string& svg) {
  const std::string marker = "<path fill=\"#000\" d=\"";
  const auto start = svg.find(marker);
  if (start == std::string::npos) return {};
  const auto from = start + marker.size();
  return svg.substr(from, svg.find('"', from) - from);
}

// Paints every "M x y h n v1 h-n z" run of the path on a side x side grid.
std::vector<std::string> paint(const std::string& path, int side) {
  std::vector<std::string> grid(static_cast<std::size_t>(side), std::string(static_cast<std::size_t>(side), '0'));
  const std::regex run(R"(M(\d+) (\d+)h(\d+)v1h-(\d+)z)");
  std::string rest = path;
  std::smatch match;
  while (std::regex_search(rest, match, run)) {
    EXPECT_EQ(match.position(), 0) << "unexpected text in the path: " << rest.substr(0, 40);
    EXPECT_EQ(match[3], match[4]);
    const int x = std::stoi(match[1]);
    const int y = std::stoi(match[2]);
    for (int i = 0; i < std::stoi(match[3]); ++i) {
      auto& module = grid.at(static_cast<std::size_t>(y)).at(static_cast<std::size_t>(x + i));
      EXPECT_EQ(module, '0') << "runs overlap";
      module = '1';
    }
    rest = match.suffix();
  }
  EXPECT_EQ(rest, "");
  return grid;
}

TEST(qr_svg, paints_exactly_the_dark_modules_inside_the_border) {
  for (const int border : {0, 1, 4}) {
    const auto code = encode_text("otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXP&issuer=Acme").value();
    const auto svg = to_svg(code, border);
    const int side = code.size() + 2 * border;
    const auto viewbox = "viewBox=\"0 0 " + std::to_string(side) + ' ' + std::to_string(side) + '"';
    EXPECT_NE(svg.find(viewbox), std::string::npos) << svg.substr(0, 120);
    EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
    EXPECT_EQ(svg.substr(svg.size() - 6), "</svg>");
    const auto grid = paint(dark_path(svg), side);
    for (int y = 0; y < side; ++y) {
      for (int x = 0; x < side; ++x) {
        const bool dark = code.module(x - border, y - border);
        ASSERT_EQ(grid[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)], dark ? '1' : '0')
            << "border " << border << " at " << x << ',' << y;
      }
    }
  }
}

TEST(qr_svg, clamps_the_border) {
  const auto code = encode_text("border").value();
  EXPECT_EQ(to_svg(code, -5), to_svg(code, 0));
  EXPECT_EQ(to_svg(code, 1000), to_svg(code, 64));
}

TEST(qr_svg, stays_compact_for_an_enrolment_uri) {
  const auto code = encode_text("otpauth://totp/Example%20Company:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
                                "&issuer=Example%20Company&algorithm=SHA1&digits=6&period=30")
                        .value();
  EXPECT_LT(to_svg(code, 4).size(), 12'000u);
}

}  // namespace
}  // namespace twofold::qr
