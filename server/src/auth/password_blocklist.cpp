#include "auth/password_blocklist.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <stdexcept>

#include "twofold/validation/new_password.hpp"

namespace twofold::server {

namespace {

constexpr std::string_view comment_prefix = "#!comment:";  // john's password.lst header

}  // namespace

password_blocklist::password_blocklist(std::vector<std::string> keys) : keys_(std::move(keys)) {
  std::sort(keys_.begin(), keys_.end());
  keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
}

password_blocklist password_blocklist::of(std::vector<std::string> entries) {
  for (auto& entry : entries) entry = password_blocklist_key(entry);
  return password_blocklist(std::move(entries));
}

result<password_blocklist, std::string> password_blocklist::load(std::span<const std::filesystem::path> files) {
  std::vector<std::string> keys;
  for (const auto& file : files) {
    std::ifstream in(file);
    if (!in) return failure{"cannot read the password blocklist " + file.string()};
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line.starts_with(comment_prefix)) continue;
      keys.push_back(password_blocklist_key(line));
    }
    if (in.bad()) return failure{"cannot read the password blocklist " + file.string()};
  }
  return password_blocklist(std::move(keys));
}

bool password_blocklist::contains(std::string_view key) const {
  return std::binary_search(keys_.begin(), keys_.end(), key, std::less<>{});
}

std::shared_ptr<const password_blocklist> shared_password_blocklist(const std::vector<std::string>& files) {
  static std::mutex mutex;
  static std::map<std::vector<std::string>, std::shared_ptr<const password_blocklist>> loaded;
  const std::lock_guard lock(mutex);
  auto& list = loaded[files];
  if (!list) {
    const std::vector<std::filesystem::path> paths(files.begin(), files.end());
    auto read = password_blocklist::load(paths);
    if (!read.has_value()) throw std::runtime_error(read.error());
    list = std::make_shared<const password_blocklist>(std::move(read).value());
  }
  return list;
}

}  // namespace twofold::server
