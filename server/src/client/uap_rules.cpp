#include "client/uap_rules.hpp"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <array>
#include <optional>

namespace twofold::server {

namespace {

constexpr std::size_t max_fields = 5;
constexpr int max_group = 9;  // $1..$9
using groups = std::array<re2::StringPiece, max_group + 1>;  // [0]: the whole match
using field_values = std::array<std::optional<std::string>, max_fields>;

// Where a field comes from: the replacement a rule may name, else a capture group (0: none).
struct field_source {
  const char* replacement = nullptr;
  int group = 0;
};

struct list_layout {
  const char* name;
  std::array<field_source, max_fields> fields;
};

constexpr list_layout agent_layout{
    "user_agent_parsers",
    {{{"family_replacement", 1}, {"v1_replacement", 2}, {"v2_replacement", 3}, {"v3_replacement", 4}, {}}}};
constexpr list_layout os_layout{"os_parsers",
                                {{{"os_replacement", 1},
                                  {"os_v1_replacement", 2},
                                  {"os_v2_replacement", 3},
                                  {"os_v3_replacement", 4},
                                  {"os_v4_replacement", 5}}}};
constexpr list_layout device_layout{
    "device_parsers", {{{"device_replacement", 1}, {"brand_replacement", 0}, {"model_replacement", 1}, {}, {}}}};

struct rule {
  std::unique_ptr<const re2::RE2> regex;
  field_values replacements;  // the *_replacement each field names, by the layout's order
};

using rule_list = std::vector<rule>;

// Trimmed; nullopt when nothing is left (the specification's absent value).
std::optional<std::string> present(std::string_view text) {
  constexpr std::string_view blanks = " \t";
  const auto first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) return std::nullopt;
  return std::string(text.substr(first, text.find_last_not_of(blanks) - first + 1));
}

std::string_view group_text(const groups& found, std::size_t group) {
  const auto& piece = found[group];
  return piece.data() == nullptr ? std::string_view{} : std::string_view(piece.data(), piece.size());
}

// `$1`..`$9` replaced by their groups' text, "" for a group that took no part.
std::string expanded(std::string_view replacement, const groups& found) {
  std::string text;
  for (std::size_t at = 0; at < replacement.size(); ++at) {
    const char c = replacement[at];
    const bool placeholder = c == '$' && at + 1 < replacement.size() && replacement[at + 1] >= '1' &&
                             replacement[at + 1] <= '0' + max_group;
    if (!placeholder) {
      text += c;
      continue;
    }
    text += group_text(found, static_cast<std::size_t>(replacement[at + 1] - '0'));
    ++at;
  }
  return text;
}

std::optional<field_values> first_match(const rule_list& rules, const list_layout& layout, std::string_view text) {
  for (const auto& candidate : rules) {
    groups found{};
    if (!candidate.regex->Match(text, 0, text.size(), re2::RE2::UNANCHORED, found.data(), found.size())) continue;
    field_values values;
    for (std::size_t field = 0; field < max_fields; ++field) {
      const auto& replacement = candidate.replacements[field];
      const auto group = layout.fields[field].group;
      if (replacement) {
        values[field] = present(expanded(*replacement, found));
      } else if (group > 0) {
        values[field] = present(group_text(found, static_cast<std::size_t>(group)));
      }
    }
    return values;
  }
  return std::nullopt;
}

// A member's text; nullopt when it is missing or no scalar (yaml-cpp throws
// when asked the type of a missing member, so ask whether it exists first).
std::optional<std::string> scalar(const YAML::Node& map, const char* key) {
  if (!map.IsMap()) return std::nullopt;
  const YAML::Node value = map[key];
  if (!value.IsDefined() || !value.IsScalar()) return std::nullopt;
  return value.Scalar();
}

rule_list compile(const YAML::Node& items, const list_layout& layout, std::vector<skipped_rule>& skipped) {
  rule_list rules;
  for (std::size_t index = 0; index < items.size(); ++index) {
    const YAML::Node item = items[index];
    const auto pattern = scalar(item, "regex");
    if (!pattern) {
      skipped.push_back({layout.name, index, "", "no regex"});
      continue;
    }
    re2::RE2::Options options;
    options.set_log_errors(false);
    options.set_case_sensitive(scalar(item, "regex_flag") != "i");
    auto regex = std::make_unique<const re2::RE2>(*pattern, options);
    if (!regex->ok()) {
      skipped.push_back({layout.name, index, *pattern, regex->error()});
      continue;
    }
    rule compiled{std::move(regex), {}};
    for (std::size_t field = 0; field < max_fields; ++field) {
      if (const char* key = layout.fields[field].replacement) compiled.replacements[field] = scalar(item, key);
    }
    rules.push_back(std::move(compiled));
  }
  return rules;
}

}  // namespace

struct uap_rules::lists {
  rule_list agents, systems, devices;
};

uap_rules::uap_rules(std::unique_ptr<const lists> compiled, std::vector<skipped_rule> skipped)
    : lists_(std::move(compiled)), skipped_(std::move(skipped)) {}
uap_rules::uap_rules(uap_rules&&) noexcept = default;
uap_rules& uap_rules::operator=(uap_rules&&) noexcept = default;
uap_rules::~uap_rules() = default;

result<uap_rules, std::string> uap_rules::load(const std::filesystem::path& regexes) {
  try {
    const YAML::Node root = YAML::LoadFile(regexes.string());
    for (const auto* layout : {&agent_layout, &os_layout, &device_layout}) {
      if (!root.IsMap() || !root[layout->name].IsDefined() || !root[layout->name].IsSequence()) {
        return failure{"user-agent rules " + regexes.string() + " have no list " + layout->name +
                       " (expected uap-core's regexes.yaml)"};
      }
    }
    std::vector<skipped_rule> skipped;
    auto compiled = std::make_unique<lists>();
    compiled->agents = compile(root[agent_layout.name], agent_layout, skipped);
    compiled->systems = compile(root[os_layout.name], os_layout, skipped);
    compiled->devices = compile(root[device_layout.name], device_layout, skipped);
    return uap_rules(std::move(compiled), std::move(skipped));
  } catch (const YAML::Exception& error) {
    return failure{"cannot read user-agent rules " + regexes.string() + ": " + error.what()};
  }
}

std::size_t uap_rules::rule_count() const {
  return lists_->agents.size() + lists_->systems.size() + lists_->devices.size();
}

uap_result uap_rules::match(std::string_view text) const {
  uap_result found;
  if (auto v = first_match(lists_->agents, agent_layout, text)) {
    found.agent = {(*v)[0].value_or("Other"), std::move((*v)[1]), std::move((*v)[2]), std::move((*v)[3])};
  }
  if (auto v = first_match(lists_->systems, os_layout, text)) {
    found.os = {(*v)[0].value_or("Other"), std::move((*v)[1]), std::move((*v)[2]), std::move((*v)[3]),
                std::move((*v)[4])};
  }
  if (auto v = first_match(lists_->devices, device_layout, text)) {
    found.device = {(*v)[0].value_or("Other"), std::move((*v)[1]), std::move((*v)[2])};
  }
  return found;
}

}  // namespace twofold::server
