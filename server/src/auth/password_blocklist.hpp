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
// The server reads the lists on a thread of its own (shared_password_blocklist)
// so it listens without waiting for them; a check that needs them before
// then waits.
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/background_load.hpp"
#include "twofold/result.hpp"

namespace twofold::server {

class password_blocklist {
 public:
  // An error names the file that could not be read.
  [[nodiscard]] static result<password_blocklist, std::string> load(std::span<const std::filesystem::path> files);
  // From entries as written (tests).
  [[nodiscard]] static password_blocklist of(std::vector<std::string> entries);

  // The same, on a thread of its own: returns at once, or an error naming
  // a file that cannot be opened. When reading fails after all, the calls
  // below throw std::runtime_error naming the file.
  [[nodiscard]] static result<password_blocklist, std::string> load_in_background(
      std::vector<std::filesystem::path> files);

  // Thread-safe; both wait while the files are being read.
  // `key`: password_blocklist_key(password).
  [[nodiscard]] bool contains(std::string_view key) const;
  [[nodiscard]] std::size_t size() const { return keys_.get().size(); }

  // Never waits: whether the files have been read (false while they are
  // being read, and for good when reading failed).
  [[nodiscard]] bool ready() const { return keys_.loaded(); }
  // Waits until reading has finished, however it ended.
  void wait() const { keys_.wait(); }

 private:
  explicit password_blocklist(background_load<std::vector<std::string>> keys) : keys_(std::move(keys)) {}
  background_load<std::vector<std::string>> keys_;  // sorted, unique
};

// --password-blocklist's files, read once per process (in the background,
// from the first call on) and shared by every app and the demo company: the
// list never changes while the server runs. Throws std::runtime_error when a
// file cannot be opened.
[[nodiscard]] std::shared_ptr<const password_blocklist> shared_password_blocklist(
    const std::vector<std::string>& files);

}  // namespace twofold::server
