#include "app/request_language.hpp"

#include <algorithm>

#include "app/weighted_choices.hpp"

namespace twofold::server {

std::optional<i18n::language> preferred_language(std::string_view accept_language) {
  auto entries = weighted_choices(accept_language);
  // Stable: among equal weights the header's order decides.
  std::stable_sort(entries.begin(), entries.end(),
                   [](const weighted_choice& a, const weighted_choice& b) { return a.weight > b.weight; });
  for (const auto& entry : entries) {
    if (entry.weight <= 0 || entry.name.empty() || entry.name == "*") continue;
    if (auto language = i18n::parse_language(entry.name)) return language;
  }
  return std::nullopt;
}

i18n::language answer_language(std::optional<i18n::language> user_language, std::string_view accept_language) {
  if (user_language) return *user_language;
  return preferred_language(accept_language).value_or(i18n::default_language);
}

}  // namespace twofold::server
