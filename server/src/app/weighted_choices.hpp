#pragma once
// A header's comma-separated list of weighted choices (RFC 9110 §12.4.2), as
// Accept-Language and Accept-Encoding send them: "zh-CN;q=0.8, en" ->
// {zh-CN, 800}, {en, 1000}, in the header's order.
#include <string_view>
#include <vector>

namespace twofold::server {

struct weighted_choice {
  std::string_view name;  // trimmed of spaces and tabs
  int weight = 1000;      // the qvalue in thousandths; 0 means "not acceptable"
};

// A weight outside the qvalue grammar ("q=2", "q=abc", "q=nan") counts as 0:
// the choice is refused rather than guessed at.
[[nodiscard]] std::vector<weighted_choice> weighted_choices(std::string_view header);

}  // namespace twofold::server
