#include "auth/password_blocklist.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <mutex>
#include <stdexcept>

#include "twofold/validation/new_password.hpp"

namespace twofold::server {

namespace {

constexpr std::string_view comment_prefix = "#!comment:";  // john's password.lst header

std::string cannot_read(const std::filesystem::path& file) {
  return "cannot read the password blocklist " + file.string();
}

std::vector<std::string> sorted_unique(std::vector<std::string> keys) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

result<std::vector<std::string>, std::string> read_keys(std::span<const std::filesystem::path> files) {
  std::vector<std::string> keys;
  for (const auto& file : files) {
    std::ifstream in(file);
    if (!in) return failure{cannot_read(file)};
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line.starts_with(comment_prefix)) continue;
      keys.push_back(password_blocklist_key(line));
    }
    if (in.bad()) return failure{cannot_read(file)};
  }
  return sorted_unique(std::move(keys));
}

}  // namespace

password_blocklist password_blocklist::of(std::vector<std::string> entries) {
  for (auto& entry : entries) entry = password_blocklist_key(entry);
  return password_blocklist(background_load<std::vector<std::string>>(sorted_unique(std::move(entries))));
}

result<password_blocklist, std::string> password_blocklist::load(std::span<const std::filesystem::path> files) {
  auto keys = read_keys(files);
  if (!keys) return failure{keys.error()};
  return password_blocklist(background_load<std::vector<std::string>>(std::move(keys).value()));
}

result<password_blocklist, std::string> password_blocklist::load_in_background(
    std::vector<std::filesystem::path> files) {
  // Asked, not opened: opening waits on a pipe until its writer comes.
  for (const auto& file : files) {
    if (::access(file.c_str(), R_OK) != 0) return failure{cannot_read(file)};
  }
  return password_blocklist(background_load<std::vector<std::string>>([files = std::move(files)] {
    auto keys = read_keys(files);
    if (!keys) throw std::runtime_error(keys.error());
    return std::move(keys).value();
  }));
}

bool password_blocklist::contains(std::string_view key) const {
  const auto& keys = keys_.get();
  return std::binary_search(keys.begin(), keys.end(), key, std::less<>{});
}

std::shared_ptr<const password_blocklist> shared_password_blocklist(const std::vector<std::string>& files) {
  static std::mutex mutex;
  static std::map<std::vector<std::string>, std::shared_ptr<const password_blocklist>> loaded;
  const std::lock_guard lock(mutex);
  auto& list = loaded[files];
  if (!list) {
    auto read = password_blocklist::load_in_background({files.begin(), files.end()});
    if (!read.has_value()) throw std::runtime_error(read.error());
    list = std::make_shared<const password_blocklist>(std::move(read).value());
  }
  return list;
}

}  // namespace twofold::server
