#include "app/static_files.hpp"

#include <sodium.h>

#include <array>
#include <fstream>
#include <algorithm>
#include <iterator>
#include <utility>

#include "app/content_types.hpp"

namespace twofold::server {

namespace {

// Files of the wasm core build that the browser loads; nothing else there is ours to publish.
constexpr std::array<std::string_view, 2> core_files{"twofold_core.js", "twofold_core.wasm"};

std::string strong_etag(std::string_view content) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(content.data()), content.size());
  // 128 bits of the digest are plenty to tell versions of a file apart.
  std::array<char, 16 * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), 16);
  return '"' + std::string(hex.data()) + '"';
}

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

constexpr std::string_view partials_folder = "/partials/";
constexpr std::string_view include_open = "<!--#include \"";
constexpr std::string_view include_close = "\" -->";

bool is_hidden(const std::filesystem::path& relative) {
  for (const auto& part : relative) {
    if (part.string().starts_with('.')) return true;
  }
  return false;
}

// If-None-Match uses the weak comparison (RFC 9110 §13.1.2): "W/" is ignored.
bool matches_any(std::string_view if_none_match, std::string_view etag) {
  while (!if_none_match.empty()) {
    const auto comma = if_none_match.find(',');
    std::string_view candidate = if_none_match.substr(0, comma);
    if_none_match = comma == std::string_view::npos ? std::string_view{} : if_none_match.substr(comma + 1);
    while (!candidate.empty() && (candidate.front() == ' ' || candidate.front() == '\t')) candidate.remove_prefix(1);
    while (!candidate.empty() && (candidate.back() == ' ' || candidate.back() == '\t')) candidate.remove_suffix(1);
    if (candidate.starts_with("W/")) candidate.remove_prefix(2);
    if (candidate == "*" || candidate == etag) return true;
  }
  return false;
}

}  // namespace

std::vector<static_files::representation> static_files::compressed_copies(const std::filesystem::path& source) {
  std::vector<representation> copies;
  std::error_code error;
  const auto written = std::filesystem::last_write_time(source, error);
  if (error) return copies;
  for (const auto& [coding, extension] : {std::pair{content_coding::br, ".br"}, std::pair{content_coding::gzip, ".gz"}}) {
    auto copy_path = source;
    copy_path += extension;
    const auto copy_written = std::filesystem::last_write_time(copy_path, error);
    if (error || copy_written < written) continue;  // none, or stale: made before the file changed
    if (auto body = read_file(copy_path)) {
      auto etag = strong_etag(*body);
      copies.push_back({.coding = coding, .body = *std::move(body), .etag = std::move(etag)});
    }
  }
  return copies;
}

static_files::static_files(const std::filesystem::path& www_dir, const std::filesystem::path& core_dir) {
  std::unordered_map<std::string, std::filesystem::path> sources;  // by URL path
  std::unordered_map<std::string, std::string> partials;           // by URL path, read
  std::error_code error;
  for (auto it = std::filesystem::recursive_directory_iterator(www_dir, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (!it->is_regular_file(error)) continue;
    const auto relative = it->path().lexically_relative(www_dir);
    if (is_hidden(relative)) continue;
    std::string url_path = "/" + relative.generic_string();
    if (!url_path.starts_with(partials_folder)) {
      sources.emplace(std::move(url_path), it->path());
    } else if (auto body = read_file(it->path())) {
      partials.emplace(std::move(url_path), *std::move(body));
    }
  }
  for (auto& [url_path, source] : sources) {
    auto body = read_file(source);
    if (!body) continue;
    add(url_path, url_path.ends_with(".html") ? with_includes(url_path, *body, partials) : *std::move(body));
  }
  if (core_dir.empty()) return;
  for (const auto name : core_files) add("/core/" + std::string(name), core_dir / name);
}

std::string static_files::with_includes(const std::string& page, std::string_view body,
                                        const std::unordered_map<std::string, std::string>& partials) {
  std::string expanded;
  while (!body.empty()) {
    const auto open = body.find(include_open);
    const auto close = open == std::string_view::npos ? open : body.find(include_close, open);
    if (close == std::string_view::npos) break;
    const auto name = body.substr(open + include_open.size(), close - open - include_open.size());
    const auto partial = partials.find(std::string(name));
    expanded.append(body.substr(0, open));
    if (partial != partials.end()) {
      expanded.append(partial->second);
    } else {
      expanded.append(body.substr(open, close + include_close.size() - open));
      missing_includes_.push_back(page + ": " + std::string(name));
    }
    body.remove_prefix(close + include_close.size());
  }
  expanded.append(body);
  return expanded;
}

void static_files::add(std::string url_path, const std::filesystem::path& source) {
  if (auto body = read_file(source)) add(std::move(url_path), *std::move(body), compressed_copies(source));
}

void static_files::add(std::string url_path, std::string body, std::vector<representation> compressed) {
  const auto type = content_type_for(url_path);
  if (!type) return;
  file added{.content_type = *type, .representations = {}};
  auto etag = strong_etag(body);
  added.representations.push_back({.coding = content_coding::identity, .body = std::move(body), .etag = std::move(etag)});
  std::ranges::move(compressed, std::back_inserter(added.representations));
  files_.insert_or_assign(std::move(url_path), std::move(added));
}

std::optional<http_response> static_files::serve(const http_request& request, std::string_view path) const {
  const std::string key = path.ends_with('/') ? std::string(path) + "index.html" : std::string(path);
  if (auto it = files_.find(key); it != files_.end()) return answer(request, it->second);
  if (!path.ends_with('/') && files_.contains(std::string(path) + "/index.html")) {
    return http_response{.status = 301, .headers = {{"Location", std::string(path) + "/"}}, .body = {}};
  }
  return std::nullopt;
}

const static_files::representation& static_files::chosen_for(const http_request& request, const file& found) {
  if (found.representations.size() == 1) return found.representations.front();
  std::vector<content_coding> available;
  for (const representation& copy : found.representations) available.push_back(copy.coding);
  const content_coding coding = choose_coding(request.header("accept-encoding"), available);
  return *std::ranges::find(found.representations, coding, &representation::coding);
}

http_response static_files::answer(const http_request& request, const file& found) const {
  const representation& chosen = chosen_for(request, found);
  http_response response{.status = 200, .headers = {{"Cache-Control", "no-cache"}, {"ETag", chosen.etag}}, .body = {}};
  if (found.representations.size() > 1) response.headers.emplace_back("Vary", "Accept-Encoding");
  if (matches_any(request.header("if-none-match"), chosen.etag)) {
    response.status = 304;
    return response;
  }
  response.headers.emplace_back("Content-Type", std::string(found.content_type));
  if (chosen.coding != content_coding::identity) {
    response.headers.emplace_back("Content-Encoding", std::string(token_of(chosen.coding)));
  }
  response.body = chosen.body;
  return response;
}

}  // namespace twofold::server
