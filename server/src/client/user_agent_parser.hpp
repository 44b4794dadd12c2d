#pragma once
// Which browser, system and device a User-Agent header names, for people to
// recognise their sessions and devices ("Firefox 121.0 on Ubuntu"). The
// names come from uap-core's rules (Debian package uap-core,
// /usr/share/uap-core/regexes.yaml, the default of --user-agent-rules), read
// once at start; see uap_rules.hpp. The server compiles them on a thread of
// its own (load_in_background) so it listens without waiting the ~0.2 s that
// takes; a request that needs the names before then waits for them.
//
// Only the first max_bytes of a header are read, with bytes that
// are not well-formed UTF-8 replaced, so every answer is UTF-8 and bounded.
// Recent answers are kept (cache_entries per generation) because the
// same few browsers come back all day, and a miss costs a pass over ~1,100
// regexes.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "client/recent_cache.hpp"
#include "client/uap_result.hpp"
#include "client/uap_rules.hpp"
#include "runtime/background_load.hpp"
#include "twofold/result.hpp"

namespace twofold::server {

class logger;

struct device_description {
  std::string browser = "Other";  // uap-core's family: "Firefox", "Chrome Mobile", "HeadlessChrome"
  std::string browser_version;    // "major" or "major.minor", e.g. "121.0"; "" unknown
  std::string os = "Other";       // "Windows", "Mac OS X", "iOS", "Ubuntu", "Linux"
  std::string os_version;         // "major" or "major.minor", e.g. "10", "17.1"; "" unknown
  std::string device = "Other";   // "iPhone", "Samsung SM-G991B", "Mac"; desktops are mostly "Other"

  friend bool operator==(const device_description&, const device_description&) = default;
};

class user_agent_parser {
 public:
  static constexpr std::size_t max_bytes = 512;       // read of a header
  static constexpr std::size_t cache_entries = 1024;  // per generation (recent_cache.hpp)

  // Reads uap-core's regexes.yaml; an error message when it cannot be read.
  // Logs "user_agent.rules_loaded" with the counts, and each rule RE2
  // cannot compile as "user_agent.rule_skipped". Never throws.
  [[nodiscard]] static result<user_agent_parser, std::string> load(const std::filesystem::path& regexes, logger& log);
  // The same, on a thread of its own: returns at once. The same lines are
  // logged when it is done, and "user_agent.rules_failed" (an error) when
  // the file cannot be read; then every call below that needs the rules
  // throws std::runtime_error with that message. `log` must outlive the
  // load: call wait() before it dies.
  [[nodiscard]] static user_agent_parser load_in_background(const std::filesystem::path& regexes, logger& log);

  // Thread-safe; any bytes, empty or huge: "Other" where nothing matches.
  // Waits for the rules while they are being compiled.
  [[nodiscard]] device_description parse(std::string_view user_agent) const;
  // The rules' full answer for the same bounded text, uncached.
  [[nodiscard]] uap_result parse_uap(std::string_view user_agent) const;

  // Never waits: whether the rules are compiled (false while they are
  // being compiled, and for good when they could not be read).
  [[nodiscard]] bool ready() const { return rules_.loaded(); }
  // Waits until the load has finished, however it ended.
  void wait() const { rules_.wait(); }

  [[nodiscard]] std::size_t rule_count() const { return rules_.get().rule_count(); }
  [[nodiscard]] std::size_t skipped_rule_count() const { return rules_.get().skipped().size(); }

 private:
  explicit user_agent_parser(background_load<uap_rules> rules);

  background_load<uap_rules> rules_;
  std::unique_ptr<recent_cache<device_description>> recent_;  // a pointer: the parser stays movable
};

// What the rules found, as people read it.
[[nodiscard]] device_description describe(const uap_result& found);

}  // namespace twofold::server
