#pragma once
// How the web app's files name each other, read and rewritten as text, so a
// page can point at fingerprinted URLs (static_files.hpp). Pure functions:
// no files, no hashing of content.
//
//   pages        <script src="/js/a.js">, <link rel="stylesheet" href="/css/app.css">
//   stylesheets  @import url("/css/tokens.css")
//   modules      import { x } from './b.js';  export * from './c.js';  import './d.js';
//
// Modules keep their relative imports as written: the page's import map
// (HTML Standard, "Import maps") sends each resolved URL to its
// fingerprinted one, so a module's bytes, and so its fingerprint, do not
// depend on those of the modules it imports.
//
// Only URLs of the safe characters [A-Za-z0-9._~/-] are rewritten or mapped:
// they need no escaping in an attribute, in CSS or in JSON.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace twofold::server {

// An asset's URL path to its fingerprinted one, e.g.
// "/js/app.js" -> "/js/app.3f2a91c0ab12.js".
using fingerprinted_urls = std::unordered_map<std::string, std::string>;

[[nodiscard]] bool is_plain_url_path(std::string_view url_path);

// "/js/app.js" + "3f2a91c0ab12" -> "/js/app.3f2a91c0ab12.js"; a name without
// an extension gets the fingerprint at its end ("/LICENSE.3f2a91c0ab12").
[[nodiscard]] std::string fingerprinted_name(std::string_view url_path, std::string_view fingerprint);

// --- Pages ------------------------------------------------------------------

struct page_script {
  std::string url;  // as written in src, e.g. "/js/sign_in_page.js"
  bool module = false;
};

// The <script src> elements of a page, in document order.
[[nodiscard]] std::vector<page_script> page_scripts(std::string_view page);

// Every src="…" and href="…" naming an asset, pointed at its fingerprinted URL.
// Links to pages (not in `urls`) stay as written.
[[nodiscard]] std::string with_fingerprinted_attributes(std::string_view page, const fingerprinted_urls& urls);

// What a page gets before its first <script> (or at the end of its <head>).
struct page_prelude {
  std::vector<std::pair<std::string, std::string>> import_map;  // module URL -> fingerprinted URL
  std::vector<std::string> module_preloads;                     // <link rel="modulepreload">
  std::vector<std::string> fetch_preloads;                      // <link rel="preload" as="fetch" crossorigin>
};

// The import map's JSON, exactly the text between <script type="importmap">
// and </script> (what the CSP hash covers).
[[nodiscard]] std::string import_map_json(const page_prelude& prelude);

// The page with the prelude's elements inserted; `import_map` is
// import_map_json(prelude) (no element when the map is empty).
[[nodiscard]] std::string with_prelude(std::string_view page, const page_prelude& prelude, std::string_view import_map);

// --- Stylesheets ------------------------------------------------------------

// Every url(…) naming an asset, pointed at its fingerprinted URL (quotes kept).
[[nodiscard]] std::string with_fingerprinted_css_urls(std::string_view stylesheet, const fingerprinted_urls& urls);

// The asset URLs a stylesheet names in url(…), resolved as absolute paths.
[[nodiscard]] std::vector<std::string> css_urls(std::string_view stylesheet);

// The text of a stylesheet by URL path; nullptr when it is not one we have.
using stylesheet_lookup = std::function<const std::string*(const std::string& url_path)>;

// The stylesheet at `url_path` with each of its @import rules replaced by
// the text it names, inside `@layer name { … }` when imported into a layer:
// the browser fetches one file instead of a second wave after the first.
// Nothing when any rule is not `@import url("…") [layer(name)];` (or with a
// quoted string), names a stylesheet `imported` lacks or one in another
// folder (its relative URLs would resolve elsewhere), or names one that has
// @imports of its own: all are inlined or none, since an @import after
// another rule is ignored.
[[nodiscard]] std::optional<std::string> with_imports_inlined(std::string_view url_path, std::string_view stylesheet,
                                                              const stylesheet_lookup& imported);

// --- Modules ----------------------------------------------------------------

// The specifiers of a module's static imports and re-exports ("./b.js",
// "/js/c.js"), resolved against the module's URL path; bare specifiers and
// full URLs are left out. A string in the code that looks like an import may
// be listed too: callers only keep URLs of modules they have.
[[nodiscard]] std::vector<std::string> module_imports(std::string_view module_url, std::string_view source);

}  // namespace twofold::server
