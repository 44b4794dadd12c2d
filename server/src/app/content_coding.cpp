#include "app/content_coding.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>

namespace twofold::server {

namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool same_token(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

// A weight's value, "q=0.5" -> 500; a malformed weight counts as 0 (refused).
int weight_of(std::string_view parameters) {
  while (!parameters.empty()) {
    const auto semicolon = parameters.find(';');
    const auto parameter = trimmed(parameters.substr(0, semicolon));
    parameters = semicolon == std::string_view::npos ? std::string_view{} : parameters.substr(semicolon + 1);
    if (parameter.size() < 2 || !same_token(parameter.substr(0, 2), "q=")) continue;
    const auto value = parameter.substr(2);
    if (value.empty() || value.size() > 5 || (value[0] != '0' && value[0] != '1')) return 0;
    if (value.size() == 1) return value[0] == '1' ? 1000 : 0;
    if (value[1] != '.') return 0;
    std::string digits(value.substr(2));
    digits.resize(3, '0');
    int thousandths = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), thousandths);
    if (error != std::errc() || end != digits.data() + digits.size()) return 0;
    return value[0] == '1' ? (thousandths == 0 ? 1000 : 0) : thousandths;
  }
  return 1000;
}

// The weight the header gives `coding`: its own entry, else "*"'s, else 0.
int accepted_weight(std::string_view accept_encoding, std::string_view coding) {
  int star = 0;
  while (!accept_encoding.empty()) {
    const auto comma = accept_encoding.find(',');
    const auto entry = accept_encoding.substr(0, comma);
    accept_encoding = comma == std::string_view::npos ? std::string_view{} : accept_encoding.substr(comma + 1);
    const auto semicolon = entry.find(';');
    const auto name = trimmed(entry.substr(0, semicolon));
    const auto parameters = semicolon == std::string_view::npos ? std::string_view{} : entry.substr(semicolon + 1);
    if (same_token(name, coding)) return weight_of(parameters);
    if (name == "*") star = weight_of(parameters);
  }
  return star;
}

}  // namespace

std::string_view token_of(content_coding coding) {
  switch (coding) {
    case content_coding::gzip: return "gzip";
    case content_coding::br: return "br";
    case content_coding::identity: break;
  }
  return "";
}

content_coding choose_coding(std::string_view accept_encoding, std::span<const content_coding> available) {
  content_coding chosen = content_coding::identity;
  int chosen_weight = 0;
  // Brotli first: on equal weights the smaller copy wins.
  for (const content_coding candidate : {content_coding::br, content_coding::gzip}) {
    if (std::ranges::find(available, candidate) == available.end()) continue;
    const int weight = accepted_weight(accept_encoding, token_of(candidate));
    if (weight > chosen_weight) {
      chosen = candidate;
      chosen_weight = weight;
    }
  }
  return chosen;
}

}  // namespace twofold::server
