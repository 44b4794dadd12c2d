#pragma once
// The web app's files, read into memory once at start (app.cpp reads them on
// a thread of its own once the port is bound). Only files found then
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
// Every file except a page is also served under a fingerprinted name, its
// URL with the first 48 bits of its content's SHA-256 before the extension:
//
//   /js/app.js              no-cache, ETag: revalidated on every use
//   /js/app.3f2a91c0ab12.js public, max-age=31536000, immutable (RFC 8246):
//                           never asked again while cached; a new version
//                           has a new name, so it can never be stale
//
// Pages (.html) are never fingerprinted: they keep no-cache and a strong ETag
// (SHA-256 of the content), so a browser revalidates the page alone and gets
// 304 when nothing changed (RFC 9111 §5.2.2.4, RFC 9110 §8.8.3, §13.1.2), and
// the page names the fingerprinted URLs of everything else. A warm load is
// then one request. Unfingerprinted names keep working (no-cache), for
// bookmarks and for pages loaded before a deploy; a fingerprint naming no
// current content is simply not found (404).
//
// The server fingerprints when it reads the files, so the build, the source
// folder and the tests need no naming step, and the names always match the
// bytes served. How each kind of file names the others (asset_references.hpp):
//   - a page's <script src> and <link href> are rewritten;
//   - a stylesheet's @imports of stylesheets beside it are replaced by their
//     text (in `@layer name { … }` for `layer(name)`), so a page's styles are
//     one file and the browser has no second wave of requests to make before
//     it can paint; its other url(…) are rewritten to fingerprinted URLs (the
//     imported files are read and rewritten first, and stay served alone);
//   - ES modules are served as written: each page gets an import map sending
//     every module its scripts import (transitively) to its fingerprinted URL,
//     with <link rel="modulepreload"> for each so the browser fetches them in
//     parallel rather than one level of imports at a time. The map also names
//     the wasm core's fingerprinted URL, which core_api.js asks for with
//     import.meta.resolve; a page loading the core's loader also gets
//     <link rel="preload" as="fetch" crossorigin> for it, matching the
//     loader's fetch (same URL, CORS mode, same-origin credentials), so the
//     download starts with the page rather than after the loader has run.
//     The loader itself is a classic <script>, found by the browser's
//     preload scanner: a modulepreload would fetch it a second time.
//   - The inline import map is allowed by its hash: the page's answer carries
//     a Content-Security-Policy whose script-src adds 'sha256-…' of that map
//     (security_headers.hpp), never 'unsafe-inline'.
//
// A file served as it was read may have compressed copies beside it,
// `<name>.br` and `<name>.gz`, made by the build (the web app's, in
// cmake/web_app.cmake, and the wasm core's): those are sent to a client that
// accepts the coding (content_coding.hpp), each with its own ETag and
// `Vary: Accept-Encoding`. A copy older than its file is stale and ignored.
// Files changed on reading (pages, stylesheets with imports inlined or url(…) rewritten)
// are compressed here instead (compression.hpp), at a level cheap enough for
// start-up.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/asset_references.hpp"
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

  // Files read (each counted once, whatever its names).
  [[nodiscard]] std::size_t file_count() const { return file_count_; }
  [[nodiscard]] bool has(const std::string& url_path) const { return files_.contains(url_path); }
  // An asset's fingerprinted URL ("/js/app.js" -> "/js/app.3f2a91c0ab12.js");
  // empty for pages and for files not loaded.
  [[nodiscard]] std::string fingerprinted(const std::string& url_path) const;
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
    std::string content_security_policy;          // a page's own, allowing its import map; else empty
  };
  struct named_file {
    std::shared_ptr<const file> content;
    bool fingerprinted = false;  // immutable: cached for a year
  };
  // A file read but not yet named: where it came from and its bytes.
  struct source {
    std::filesystem::path path;
    std::string body;
  };
  using sources = std::unordered_map<std::string, source>;  // by URL path

  void add_asset(const std::string& url_path, const source& read);
  void add_stylesheet(const std::string& url_path, const sources& stylesheets, std::vector<std::string>& settling);
  void add_page(const std::string& url_path, std::string_view body,
                const std::unordered_map<std::string, std::string>& partials);
  // Names the file (when of a type we serve) and, if asked and its URL is
  // plain, its fingerprinted name too.
  void add(const std::string& url_path, std::string body, std::vector<representation> compressed,
           bool also_fingerprinted, std::string page_policy = {});
  [[nodiscard]] page_prelude prelude_for(std::string_view page) const;
  [[nodiscard]] std::string with_includes(const std::string& page, std::string_view body,
                                          const std::unordered_map<std::string, std::string>& partials);
  // `<source>.br` and `<source>.gz` when they exist and are not older than it.
  [[nodiscard]] static std::vector<representation> compressed_copies(const std::filesystem::path& source);
  [[nodiscard]] static std::vector<representation> compressed_now(std::string_view body);
  [[nodiscard]] static const representation& chosen_for(const http_request& request, const file& found);
  [[nodiscard]] static http_response answer(const http_request& request, const named_file& found);

  std::unordered_map<std::string, named_file> files_;  // by URL path, e.g. "/css/app.css"
  fingerprinted_urls fingerprints_;             // assets only
  std::size_t file_count_ = 0;
  std::vector<std::string> missing_includes_;
};

}  // namespace twofold::server
