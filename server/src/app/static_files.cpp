#include "app/static_files.hpp"

#include <openssl/evp.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <deque>
#include <fstream>
#include <iterator>
#include <set>
#include <utility>

#include "app/compression.hpp"
#include "app/content_types.hpp"
#include "app/security_headers.hpp"

namespace twofold::server {

namespace {

// Files of the wasm core build that the browser loads; nothing else there is ours to publish.
constexpr std::array<std::string_view, 2> core_files{"twofold_core.js", "twofold_core.wasm"};
// The core's loader (a classic script) and the file it fetches (core_api.js's locateFile).
constexpr std::string_view core_loader = "/core/twofold_core.js";
constexpr std::string_view core_binary = "/core/twofold_core.wasm";

constexpr std::string_view immutable = "public, max-age=31536000, immutable";  // RFC 8246, one year

using sha256_digest = std::array<unsigned char, 32>;

// OpenSSL's SHA-256 (with the CPU's SHA extensions where it has them): every
// file is hashed before the server listens.
sha256_digest sha256(std::string_view content) {
  sha256_digest digest{};
  EVP_Digest(content.data(), content.size(), digest.data(), nullptr, EVP_sha256(), nullptr);
  return digest;
}

// The first `count` bytes of a digest in hex.
std::string hex_of(const sha256_digest& digest, std::size_t count) {
  std::string hex(count * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), count);
  hex.pop_back();
  return hex;
}

// 128 bits of the digest are plenty to tell versions of a file apart; a
// compressed copy's tag is its file's with the coding, since the copy is
// made from the file.
std::string strong_etag(const sha256_digest& digest, content_coding coding) {
  const std::string hex = hex_of(digest, 16);
  return '"' + (coding == content_coding::identity ? hex : hex + "-" + std::string(token_of(coding))) + '"';
}

// 48 bits: a collision between two versions of one file, which would keep
// the old one cached, is a one in 2^48 chance per change.
std::string fingerprint(const sha256_digest& digest) { return hex_of(digest, 6); }

// A CSP hash source (CSP3 §2.3.1) for an inline script's text, without quotes.
std::string csp_hash(std::string_view script) {
  const auto digest = sha256(script);
  std::string base64(sodium_base64_ENCODED_LEN(digest.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(base64.data(), base64.size(), digest.data(), digest.size(), sodium_base64_VARIANT_ORIGINAL);
  base64.resize(base64.find('\0'));
  return "sha256-" + base64;
}

// In one read of its size: the server reads every file before it listens.
std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  const auto size = in.tellg();
  if (!in || size < 0) return std::nullopt;
  std::string body(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  if (!in.read(body.data(), static_cast<std::streamsize>(body.size()))) return std::nullopt;
  return body;
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
    if (auto body = read_file(copy_path)) copies.push_back({.coding = coding, .body = *std::move(body), .etag = {}});
  }
  return copies;
}

std::vector<static_files::representation> static_files::compressed_now(std::string_view body) {
  std::vector<representation> copies;
  for (auto [coding, compressed] : {std::pair{content_coding::br, brotli_compressed(body)},
                                    std::pair{content_coding::gzip, gzip_compressed(body)}}) {
    if (compressed.size() >= body.size()) continue;  // nothing gained
    copies.push_back({.coding = coding, .body = std::move(compressed), .etag = {}});
  }
  return copies;
}

static_files::static_files(const std::filesystem::path& www_dir, const std::filesystem::path& core_dir) {
  sources pages;
  sources stylesheets;
  sources assets;
  std::unordered_map<std::string, std::string> partials;  // by URL path, read
  const auto read = [&](std::string url_path, const std::filesystem::path& path) {
    auto body = read_file(path);
    if (!body) return;
    if (url_path.starts_with(partials_folder)) {
      partials.emplace(std::move(url_path), *std::move(body));
      return;
    }
    auto& kind = url_path.ends_with(".html") ? pages : url_path.ends_with(".css") ? stylesheets : assets;
    kind.insert_or_assign(std::move(url_path), source{.path = path, .body = *std::move(body)});
  };
  std::error_code error;
  for (auto it = std::filesystem::recursive_directory_iterator(www_dir, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (!it->is_regular_file(error)) continue;
    const auto relative = it->path().lexically_relative(www_dir);
    if (!is_hidden(relative)) read("/" + relative.generic_string(), it->path());
  }
  if (!core_dir.empty()) {
    for (const auto name : core_files) read("/core/" + std::string(name), core_dir / name);
  }
  // What others name comes first: scripts and the core, then stylesheets
  // (each after those it imports), then the pages naming them all.
  for (const auto& [url_path, found] : assets) add_asset(url_path, found);
  std::vector<std::string> settling;
  for (const auto& [url_path, found] : stylesheets) add_stylesheet(url_path, stylesheets, settling);
  for (const auto& [url_path, found] : pages) add_page(url_path, found.body, partials);
}

void static_files::add_asset(const std::string& url_path, const source& read) {
  add(url_path, read.body, compressed_copies(read.path), true);
}

void static_files::add_stylesheet(const std::string& url_path, const sources& stylesheets,
                                  std::vector<std::string>& settling) {
  // Done already, or an import cycle (which browsers ignore too).
  if (files_.contains(url_path) || std::ranges::find(settling, url_path) != settling.end()) return;
  const source& read = stylesheets.at(url_path);
  settling.push_back(url_path);
  for (const auto& imported : css_urls(read.body)) {
    if (stylesheets.contains(imported)) add_stylesheet(imported, stylesheets, settling);
  }
  settling.pop_back();
  const auto served_stylesheet = [&](const std::string& imported) -> const std::string* {
    const auto found = files_.find(imported);
    if (!stylesheets.contains(imported) || found == files_.end()) return nullptr;
    return &found->second.content->representations.front().body;
  };
  const auto inlined = with_imports_inlined(url_path, read.body, served_stylesheet);
  auto body = with_fingerprinted_css_urls(inlined.value_or(read.body), fingerprints_);
  auto copies = body == read.body ? compressed_copies(read.path) : compressed_now(body);
  add(url_path, std::move(body), std::move(copies), true);
}

void static_files::add_page(const std::string& url_path, std::string_view body,
                            const std::unordered_map<std::string, std::string>& partials) {
  const auto expanded = with_includes(url_path, body, partials);
  const auto prelude = prelude_for(expanded);
  const auto import_map = import_map_json(prelude);
  auto page = with_prelude(with_fingerprinted_attributes(expanded, fingerprints_), prelude, import_map);
  auto policy = import_map.empty() ? std::string{} : content_security_policy(std::array{csp_hash(import_map)});
  auto copies = compressed_now(page);
  add(url_path, std::move(page), std::move(copies), false, std::move(policy));
}

// The page's module scripts and every module they import, breadth first, and
// the core's binary when the page loads the core.
page_prelude static_files::prelude_for(std::string_view page) const {
  page_prelude prelude;
  std::deque<std::string> waiting;
  bool loads_core = false;
  for (auto& script : page_scripts(page)) {
    if (script.module) waiting.push_back(std::move(script.url));
    if (!script.module && script.url == core_loader) loads_core = true;
  }
  std::set<std::string> seen;
  while (!waiting.empty()) {
    const std::string url = std::move(waiting.front());
    waiting.pop_front();
    const auto found = files_.find(url);
    if (!seen.insert(url).second || found == files_.end()) continue;
    if (const auto named = fingerprints_.find(url); named != fingerprints_.end()) {
      prelude.import_map.emplace_back(url, named->second);
      prelude.module_preloads.push_back(named->second);
    }
    std::ranges::move(module_imports(url, found->second.content->representations.front().body),
                      std::back_inserter(waiting));
  }
  if (const auto binary = fingerprints_.find(std::string(core_binary)); loads_core && binary != fingerprints_.end()) {
    prelude.import_map.emplace_back(binary->first, binary->second);
    prelude.fetch_preloads.push_back(binary->second);
  }
  return prelude;
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

void static_files::add(const std::string& url_path, std::string body, std::vector<representation> compressed,
                       bool also_fingerprinted, std::string page_policy) {
  const auto type = content_type_for(url_path);
  if (!type) return;
  ++file_count_;
  auto content = std::make_shared<file>(file{.content_type = *type, .representations = {},
                                             .content_security_policy = std::move(page_policy)});
  const auto digest = sha256(body);
  const auto digest_name = also_fingerprinted && is_plain_url_path(url_path)
                               ? fingerprinted_name(url_path, fingerprint(digest))
                               : std::string{};
  content->representations.push_back(
      {.coding = content_coding::identity, .body = std::move(body), .etag = strong_etag(digest, content_coding::identity)});
  for (auto& copy : compressed) {
    copy.etag = strong_etag(digest, copy.coding);
    content->representations.push_back(std::move(copy));
  }
  if (!digest_name.empty()) {
    files_.insert_or_assign(digest_name, named_file{.content = content, .fingerprinted = true});
    fingerprints_.insert_or_assign(url_path, digest_name);
  }
  files_.insert_or_assign(url_path, named_file{.content = std::move(content), .fingerprinted = false});
}

std::string static_files::fingerprinted(const std::string& url_path) const {
  const auto found = fingerprints_.find(url_path);
  return found == fingerprints_.end() ? std::string{} : found->second;
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

http_response static_files::answer(const http_request& request, const named_file& found) {
  const file& content = *found.content;
  const representation& chosen = chosen_for(request, content);
  http_response response{.status = 200,
                         .headers = {{"Cache-Control", std::string(found.fingerprinted ? immutable : "no-cache")},
                                     {"ETag", chosen.etag}},
                         .body = {}};
  if (content.representations.size() > 1) response.headers.emplace_back("Vary", "Accept-Encoding");
  // On a 304 too: a browser updates the stored answer's headers with those
  // of the 304 (RFC 9111 §4.3.4), and the default policy would block the map.
  if (!content.content_security_policy.empty()) {
    response.headers.emplace_back("Content-Security-Policy", content.content_security_policy);
  }
  if (matches_any(request.header("if-none-match"), chosen.etag)) {
    response.status = 304;
    return response;
  }
  response.headers.emplace_back("Content-Type", std::string(content.content_type));
  if (chosen.coding != content_coding::identity) {
    response.headers.emplace_back("Content-Encoding", std::string(token_of(chosen.coding)));
  }
  response.body = chosen.body;
  return response;
}

}  // namespace twofold::server
