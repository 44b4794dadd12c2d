#include "app/weighted_choices.hpp"

#include <algorithm>

#include "twofold/text/trimmed.hpp"

namespace twofold::server {

namespace {

using text::trimmed;

bool all_digits(std::string_view text, char at_most) {
  return std::ranges::all_of(text, [at_most](char c) { return c >= '0' && c <= at_most; });
}

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in thousandths; 0 when malformed.
int qvalue_of(std::string_view value) {
  if (value.empty() || (value[0] != '0' && value[0] != '1')) return 0;
  const bool one = value[0] == '1';
  if (value.size() == 1) return one ? 1000 : 0;
  const auto fraction = value.substr(2);
  if (value[1] != '.' || fraction.size() > 3 || !all_digits(fraction, one ? '0' : '9')) return 0;
  if (one) return 1000;
  int thousandths = 0;
  for (std::size_t i = 0; i < 3; ++i) thousandths = thousandths * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
  return thousandths;
}

// "br;q=0.5" -> {br, 500}; only the q parameter counts.
weighted_choice parse_choice(std::string_view entry) {
  const auto semicolon = entry.find(';');
  weighted_choice choice{.name = trimmed(entry.substr(0, semicolon)), .weight = 1000};
  auto parameters = semicolon == std::string_view::npos ? std::string_view{} : entry.substr(semicolon + 1);
  while (!parameters.empty()) {
    const auto next = parameters.find(';');
    const auto parameter = trimmed(parameters.substr(0, next));
    parameters = next == std::string_view::npos ? std::string_view{} : parameters.substr(next + 1);
    if (parameter.starts_with("q=") || parameter.starts_with("Q=")) return {choice.name, qvalue_of(parameter.substr(2))};
  }
  return choice;
}

}  // namespace

std::vector<weighted_choice> weighted_choices(std::string_view header) {
  std::vector<weighted_choice> choices;
  while (!header.empty()) {
    const auto comma = header.find(',');
    choices.push_back(parse_choice(header.substr(0, comma)));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
  }
  return choices;
}

}  // namespace twofold::server
