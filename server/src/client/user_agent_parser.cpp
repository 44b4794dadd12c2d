#include "client/user_agent_parser.hpp"

#include <stdexcept>

#include "runtime/logger.hpp"
#include "twofold/text/stored_text.hpp"

namespace twofold::server {

namespace {

std::string version(const std::optional<std::string>& major, const std::optional<std::string>& minor) {
  if (!major) return {};
  return minor ? *major + "." + *minor : *major;
}

}  // namespace

device_description describe(const uap_result& found) {
  return {.browser = found.agent.family,
          .browser_version = version(found.agent.major, found.agent.minor),
          .os = found.os.family,
          .os_version = version(found.os.major, found.os.minor),
          .device = found.device.family};
}

user_agent_parser::user_agent_parser(background_load<uap_rules> rules)
    : rules_(std::move(rules)), recent_(std::make_unique<recent_cache<device_description>>(cache_entries)) {}

namespace {

result<uap_rules, std::string> load_and_report(const std::filesystem::path& regexes, logger& log) {
  auto rules = uap_rules::load(regexes);
  if (!rules) return rules;
  for (const auto& skipped : rules->skipped()) {
    log.warn("user_agent.rule_skipped",
             {{"list", skipped.list}, {"index", skipped.index}, {"regex", skipped.regex}, {"reason", skipped.reason}});
  }
  log.info("user_agent.rules_loaded",
           {{"file", regexes.string()}, {"rules", rules->rule_count()}, {"skipped", rules->skipped().size()}});
  return rules;
}

}  // namespace

result<user_agent_parser, std::string> user_agent_parser::load(const std::filesystem::path& regexes, logger& log) {
  auto rules = load_and_report(regexes, log);
  if (!rules) return failure{rules.error()};
  return user_agent_parser(background_load<uap_rules>(std::move(rules).value()));
}

user_agent_parser user_agent_parser::load_in_background(const std::filesystem::path& regexes, logger& log) {
  return user_agent_parser(background_load<uap_rules>([regexes, &log] {
    auto rules = load_and_report(regexes, log);
    if (!rules) {
      log.error("user_agent.rules_failed", {{"file", regexes.string()}, {"error", rules.error()}});
      throw std::runtime_error(rules.error());
    }
    return std::move(rules).value();
  }));
}

uap_result user_agent_parser::parse_uap(std::string_view user_agent) const {
  return rules_.get().match(text::stored_text(user_agent, max_bytes));
}

device_description user_agent_parser::parse(std::string_view user_agent) const {
  const std::string text = text::stored_text(user_agent, max_bytes);
  if (auto known = recent_->find(text)) return *std::move(known);
  auto description = describe(rules_.get().match(text));
  recent_->insert(text, description);
  return description;
}

}  // namespace twofold::server
