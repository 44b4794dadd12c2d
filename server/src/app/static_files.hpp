#pragma once
// The web app's files, read into memory once at start. Only files found then
// are ever served, looked up by exact path, so no request can reach outside
// the folders ("../", encoded slashes and symlink tricks find nothing).
//
//   /                     -> <www_dir>/index.html (any "/dir/" -> its index.html)
//   /admin                -> 301 to /admin/
//   /css/app.css          -> <www_dir>/css/app.css
//   /core/twofold_core.js -> <core_dir>/twofold_core.js (and .wasm)
//
// Pages share their <head> and header through includes, expanded once when
// the files are read: a line `<!--#include "/partials/head.html" -->` in an
// .html file is replaced by that file of the web folder. Partials are not
// served themselves and do not include others; an include naming no partial
// stays as written (an HTML comment) and is listed by missing_includes().
//
// Every answer has Cache-Control: no-cache and a strong ETag (SHA-256 of the
// content), so browsers revalidate and get 304 when nothing changed
// (RFC 9111 §5.2.2.4, RFC 9110 §8.8.3 and §13.1.2).
//
// A file read as it is (not a page with includes) may have compressed copies
// beside it, `<name>.br` and `<name>.gz`, made by the build (the wasm core's
// are): those are sent to a client that accepts the coding
// (content_coding.hpp), each with its own ETag and `Vary: Accept-Encoding`.
// A copy older than its file is stale and ignored.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/content_coding.hpp"
#include "app/http_types.hpp"

namespace twofold::server {

class static_files {
 public:
  // Hidden files and files of a type we do not serve are skipped. A missing
  // folder serves nothing. core_dir may be empty (no /core/ files).
  static_files(const std::filesystem::path& www_dir, const std::filesystem::path& core_dir);

  // The answer to GET or HEAD for `path` (no query string); empty when no file
  // is there.
  [[nodiscard]] std::optional<http_response> serve(const http_request& request, std::string_view path) const;

  [[nodiscard]] std::size_t file_count() const { return files_.size(); }
  [[nodiscard]] bool has(const std::string& url_path) const { return files_.contains(url_path); }
  // Includes that named no partial, as "page: partial", for the start-up log.
  [[nodiscard]] const std::vector<std::string>& missing_includes() const { return missing_includes_; }

 private:
  struct representation {
    content_coding coding = content_coding::identity;
    std::string body;
    std::string etag;  // quoted, e.g. "\"3f2a...\""
  };
  struct file {
    std::string_view content_type;
    std::vector<representation> representations;  // identity first, then the compressed copies
  };

  void add(std::string url_path, std::string body, std::vector<representation> compressed = {});
  void add(std::string url_path, const std::filesystem::path& source);
  [[nodiscard]] std::string with_includes(const std::string& page, std::string_view body,
                                          const std::unordered_map<std::string, std::string>& partials);
  // `<source>.br` and `<source>.gz` when they exist and are not older than it.
  [[nodiscard]] static std::vector<representation> compressed_copies(const std::filesystem::path& source);
  [[nodiscard]] static const representation& chosen_for(const http_request& request, const file& found);
  [[nodiscard]] http_response answer(const http_request& request, const file& found) const;

  std::unordered_map<std::string, file> files_;  // by URL path, e.g. "/css/app.css"
  std::vector<std::string> missing_includes_;
};

}  // namespace twofold::server
