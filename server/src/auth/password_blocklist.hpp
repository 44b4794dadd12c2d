#pragma once
// Passwords nobody may choose (NIST SP 800-63B §5.1.1.2: "passwords obtained
// from previous breach corpuses", "dictionary words"), read from text files
// once at start (--password-blocklist). By default Debian's lists:
//  - /usr/share/john/password.lst (package john-data): ~3,500 of the most
//    common passwords seen in breaches ("password1", "qwertyuiop");
//  - /usr/share/dict/cracklib-small (package cracklib-runtime): ~55,000
//    English dictionary words.
// One entry a line; lines starting "#!comment:" (john's header) and empty
// lines are skipped; entries are kept as password_blocklist_key() makes them
// (ASCII case folded), sorted, so a lookup is a binary search. The rule that
// uses the list is the core's (twofold/validation/new_password.hpp).
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "twofold/result.hpp"

namespace twofold::server {

class password_blocklist {
 public:
  // An error names the file that could not be read.
  [[nodiscard]] static result<password_blocklist, std::string> load(std::span<const std::filesystem::path> files);
  // From entries as written (tests).
  [[nodiscard]] static password_blocklist of(std::vector<std::string> entries);

  // `key`: password_blocklist_key(password).
  [[nodiscard]] bool contains(std::string_view key) const;
  [[nodiscard]] std::size_t size() const { return keys_.size(); }

 private:
  explicit password_blocklist(std::vector<std::string> keys);
  std::vector<std::string> keys_;  // sorted, unique
};

// --password-blocklist's files, read once per process and shared by every app
// and the demo company: the list never changes while the server runs.
// Throws std::runtime_error when a file cannot be read.
[[nodiscard]] std::shared_ptr<const password_blocklist> shared_password_blocklist(
    const std::vector<std::string>& files);

}  // namespace twofold::server
