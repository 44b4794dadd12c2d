#include "app/content_coding.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "app/weighted_choices.hpp"

namespace twofold::server {

namespace {

bool same_token(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

// The weight the header gives `coding`: its own entry, else "*"'s, else 0.
int accepted_weight(const std::vector<weighted_choice>& accepted, std::string_view coding) {
  int star = 0;
  for (const weighted_choice& choice : accepted) {
    if (same_token(choice.name, coding)) return choice.weight;
    if (choice.name == "*") star = choice.weight;
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
  const auto accepted = weighted_choices(accept_encoding);
  content_coding chosen = content_coding::identity;
  int chosen_weight = 0;
  // Brotli first: on equal weights the smaller copy wins.
  for (const content_coding candidate : {content_coding::br, content_coding::gzip}) {
    if (std::ranges::find(available, candidate) == available.end()) continue;
    const int weight = accepted_weight(accepted, token_of(candidate));
    if (weight > chosen_weight) {
      chosen = candidate;
      chosen_weight = weight;
    }
  }
  return chosen;
}

}  // namespace twofold::server
