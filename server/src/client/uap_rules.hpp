#pragma once
// uap-core's rule set (regexes.yaml: user_agent_parsers, os_parsers,
// device_parsers) applied as its specification says (specification.md 0.2):
// each list in file order, the first regex that matches anywhere in the text
// decides; `$1`..`$9` in a replacement insert that capture group; a field the
// rule names no replacement for takes its capture group by position
// (agents: family $1, major $2, minor $3, patch $4; systems: the same and
// patch_minor $5; devices: family and model $1, no brand); values are
// trimmed, and empty ones are absent. Devices' `regex_flag: 'i'` makes a
// rule case-insensitive.
//
// Regexes run on RE2 (linear time, thread-safe). A rule RE2 cannot compile
// is skipped and reported by skipped(); uap-core 0.16 has none (its own
// tests forbid the lookaround RE2 lacks).
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "client/uap_result.hpp"
#include "twofold/result.hpp"

namespace twofold::server {

struct skipped_rule {
  std::string list;    // "user_agent_parsers", "os_parsers" or "device_parsers"
  std::size_t index;   // position in that list, from 0
  std::string regex;
  std::string reason;  // RE2's error, or what the rule lacks
};

class uap_rules {
 public:
  // Reads and compiles the file; an error message when it cannot be read or
  // is not a uap-core rule set. Never throws.
  [[nodiscard]] static result<uap_rules, std::string> load(const std::filesystem::path& regexes);

  uap_rules(uap_rules&&) noexcept;
  uap_rules& operator=(uap_rules&&) noexcept;
  ~uap_rules();

  // Thread-safe. `text` should be well-formed UTF-8 (RE2 matches characters).
  [[nodiscard]] uap_result match(std::string_view text) const;

  [[nodiscard]] std::size_t rule_count() const;  // compiled rules, all lists
  [[nodiscard]] const std::vector<skipped_rule>& skipped() const { return skipped_; }

 private:
  struct lists;
  uap_rules(std::unique_ptr<const lists> compiled, std::vector<skipped_rule> skipped);

  std::unique_ptr<const lists> lists_;
  std::vector<skipped_rule> skipped_;
};

}  // namespace twofold::server
