#include "app/asset_references.hpp"

#include <algorithm>

#include "twofold/text/trimmed.hpp"

namespace twofold::server {

namespace {

bool is_plain_url_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '~' || c == '/' || c == '-';
}

// The value of `name="…"` inside one tag's text, if the tag has it.
std::string_view attribute(std::string_view tag, std::string_view name) {
  const std::string opening = " " + std::string(name) + "=\"";
  const auto start = tag.find(opening);
  if (start == std::string_view::npos) return {};
  const auto value = start + opening.size();
  const auto end = tag.find('"', value);
  return end == std::string_view::npos ? std::string_view{} : tag.substr(value, end - value);
}

// "./b.js" against "/js/a.js" -> "/js/b.js"; empty for bare specifiers,
// full URLs and paths climbing above the root.
std::string resolved(std::string_view base_url, std::string_view specifier) {
  std::string joined;
  if (specifier.starts_with('/') && !specifier.starts_with("//")) {
    joined = specifier;
  } else if (specifier.starts_with("./") || specifier.starts_with("../")) {
    joined = std::string(base_url.substr(0, base_url.rfind('/') + 1)) + std::string(specifier);
  } else {
    return {};
  }
  std::vector<std::string_view> parts;
  std::string_view rest = joined;
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const auto part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (parts.empty()) return {};
      parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string path;
  for (const auto part : parts) path += "/" + std::string(part);
  return path;
}

// The quoted string starting at `at` (after spaces), without its quotes.
std::string_view quoted_at(std::string_view text, std::size_t at) {
  while (at < text.size() && (text[at] == ' ' || text[at] == '\t' || text[at] == '\n')) ++at;
  if (at >= text.size() || (text[at] != '\'' && text[at] != '"')) return {};
  const auto end = text.find(text[at], at + 1);
  return end == std::string_view::npos ? std::string_view{} : text.substr(at + 1, end - at - 1);
}

bool word_boundary_before(std::string_view text, std::size_t at) {
  if (at == 0) return true;
  const char c = text[at - 1];
  return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
           c == '.');
}

// Where each url(…) of a stylesheet holds its value: offset and length.
std::vector<std::pair<std::size_t, std::size_t>> css_url_spans(std::string_view stylesheet) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  constexpr std::string_view opening = "url(";
  for (auto at = stylesheet.find(opening); at != std::string_view::npos; at = stylesheet.find(opening, at + 1)) {
    auto start = at + opening.size();
    while (start < stylesheet.size() && stylesheet[start] == ' ') ++start;
    if (start >= stylesheet.size()) break;
    const char quote = stylesheet[start];
    const bool quoted = quote == '"' || quote == '\'';
    if (quoted) ++start;
    const auto end = stylesheet.find(quoted ? quote : ')', start);
    if (end == std::string_view::npos) break;
    spans.emplace_back(start, end - start);
  }
  return spans;
}

constexpr std::string_view css_spaces = " \t\n\r\f";

bool is_css_space(char c) { return css_spaces.find(c) != std::string_view::npos; }

// `at` past spaces and comments.
std::size_t past_space(std::string_view css, std::size_t at) {
  while (at < css.size()) {
    if (is_css_space(css[at])) {
      ++at;
    } else if (css.substr(at, 2) == "/*") {
      const auto end = css.find("*/", at + 2);
      at = end == std::string_view::npos ? css.size() : end + 2;
    } else {
      break;
    }
  }
  return at;
}

std::string_view trimmed(std::string_view css) { return text::trimmed(css, css_spaces); }

// One @import rule: where it stands, the URL it names as written, and the
// layer it imports into, if any.
struct css_import {
  std::size_t start = 0;
  std::size_t end = 0;  // past its ';'
  std::string_view url;
  std::optional<std::string_view> layer;
};

// `url("…")`, `url(…)` or `"…"` at the start of `text`: the URL and the rest.
std::optional<std::pair<std::string_view, std::string_view>> import_url(std::string_view text) {
  const bool function = text.starts_with("url(");
  if (function) text = trimmed(text.substr(4));
  std::string_view url;
  if (!text.empty() && (text.front() == '"' || text.front() == '\'')) {
    const auto close = text.find(text.front(), 1);
    if (close == std::string_view::npos) return std::nullopt;
    url = text.substr(1, close - 1);
    text = text.substr(close + 1);
  } else if (function) {
    const auto close = text.find(')');
    if (close == std::string_view::npos) return std::nullopt;
    url = trimmed(text.substr(0, close));
    text = text.substr(close);
  } else {
    return std::nullopt;
  }
  if (function) {
    text = trimmed(text);
    if (!text.starts_with(')')) return std::nullopt;
    text.remove_prefix(1);
  }
  return std::pair{url, trimmed(text)};
}

// The rule's text after its URL: nothing, or `layer(name)`; nullopt for
// anything else (a media query, an anonymous layer).
std::optional<std::optional<std::string_view>> import_layer(std::string_view rest) {
  if (rest.empty()) return std::optional<std::string_view>{};
  constexpr std::string_view opening = "layer(";
  if (!rest.starts_with(opening) || !rest.ends_with(')')) return std::nullopt;
  const auto name = trimmed(rest.substr(opening.size(), rest.size() - opening.size() - 1));
  const bool plain = !name.empty() && std::ranges::all_of(name, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.';
  });
  if (!plain) return std::nullopt;
  return std::optional(name);
}

// The @import rules at the head of a stylesheet (where CSS allows them,
// after @charset and @layer statements); nothing when one is of another form.
std::optional<std::vector<css_import>> css_imports(std::string_view css) {
  std::vector<css_import> imports;
  for (auto at = past_space(css, 0); at < css.size(); at = past_space(css, at)) {
    const auto semicolon = css.find(';', at);
    const auto statement = css.substr(at, semicolon == std::string_view::npos ? css.size() - at : semicolon - at);
    const bool is_statement = semicolon != std::string_view::npos && statement.find('{') == std::string_view::npos;
    if (is_statement && (statement.starts_with("@charset") || statement.starts_with("@layer"))) {
      at = semicolon + 1;
      continue;
    }
    if (!statement.starts_with("@import")) break;
    if (!is_statement) return std::nullopt;
    const auto url = import_url(trimmed(statement.substr(7)));
    const auto layer = url ? import_layer(url->second) : std::nullopt;
    if (!layer) return std::nullopt;
    imports.push_back({.start = at, .end = semicolon + 1, .url = url->first, .layer = *layer});
    at = semicolon + 1;
  }
  return imports;
}

std::string_view folder_of(std::string_view url_path) { return url_path.substr(0, url_path.rfind('/') + 1); }

}  // namespace

bool is_plain_url_path(std::string_view url_path) {
  return url_path.starts_with('/') && std::ranges::all_of(url_path, is_plain_url_char);
}

std::string fingerprinted_name(std::string_view url_path, std::string_view fingerprint) {
  // Before the last dot of the name, so "app.min.js" stays a .js file.
  const auto dot = url_path.rfind('.');
  if (dot == std::string_view::npos || dot < url_path.rfind('/')) {
    return std::string(url_path) + "." + std::string(fingerprint);
  }
  return std::string(url_path.substr(0, dot)) + "." + std::string(fingerprint) + std::string(url_path.substr(dot));
}

std::vector<page_script> page_scripts(std::string_view page) {
  std::vector<page_script> scripts;
  for (auto at = page.find("<script"); at != std::string_view::npos; at = page.find("<script", at + 1)) {
    const auto end = page.find('>', at);
    if (end == std::string_view::npos) break;
    const auto tag = page.substr(at, end - at);
    const auto src = attribute(tag, "src");
    if (!src.empty()) scripts.push_back({.url = std::string(src), .module = attribute(tag, "type") == "module"});
  }
  return scripts;
}

std::string with_fingerprinted_attributes(std::string_view page, const fingerprinted_urls& urls) {
  std::string rewritten;
  std::size_t copied = 0;
  for (std::size_t at = 0; at < page.size(); ++at) {
    std::size_t value = 0;
    if (page.compare(at, 6, " src=\"") == 0) value = at + 6;
    else if (page.compare(at, 7, " href=\"") == 0) value = at + 7;
    else continue;
    const auto end = page.find('"', value);
    if (end == std::string_view::npos) break;
    const auto found = urls.find(std::string(page.substr(value, end - value)));
    if (found == urls.end()) continue;
    rewritten.append(page.substr(copied, value - copied)).append(found->second);
    copied = end;
    at = end;
  }
  rewritten.append(page.substr(copied));
  return rewritten;
}

std::string import_map_json(const page_prelude& prelude) {
  if (prelude.import_map.empty()) return {};
  std::string json = "{\"imports\":{";
  for (const auto& [from, to] : prelude.import_map) {
    if (json.back() != '{') json += ',';
    json += '"' + from + "\":\"" + to + '"';
  }
  return json + "}}";
}

std::string with_prelude(std::string_view page, const page_prelude& prelude, std::string_view import_map) {
  const auto head_end = page.find("</head>");
  const auto first_script = page.find("<script");
  const auto at = std::min(head_end, first_script);
  if (at == std::string_view::npos) return std::string(page);
  std::string elements;
  if (!import_map.empty()) elements += "<script type=\"importmap\">" + std::string(import_map) + "</script>\n  ";
  for (const auto& url : prelude.module_preloads) elements += "<link rel=\"modulepreload\" href=\"" + url + "\">\n  ";
  for (const auto& url : prelude.fetch_preloads) {
    elements += "<link rel=\"preload\" href=\"" + url + "\" as=\"fetch\" crossorigin>\n  ";
  }
  return std::string(page.substr(0, at)) + elements + std::string(page.substr(at));
}

std::string with_fingerprinted_css_urls(std::string_view stylesheet, const fingerprinted_urls& urls) {
  std::string rewritten;
  std::size_t copied = 0;
  for (const auto& [start, length] : css_url_spans(stylesheet)) {
    const auto found = urls.find(std::string(stylesheet.substr(start, length)));
    if (found == urls.end()) continue;
    rewritten.append(stylesheet.substr(copied, start - copied)).append(found->second);
    copied = start + length;
  }
  rewritten.append(stylesheet.substr(copied));
  return rewritten;
}

std::vector<std::string> css_urls(std::string_view stylesheet) {
  std::vector<std::string> found;
  for (const auto& [start, length] : css_url_spans(stylesheet)) {
    const auto value = stylesheet.substr(start, length);
    if (value.starts_with('/') && !value.starts_with("//")) found.emplace_back(value);
  }
  return found;
}

std::optional<std::string> with_imports_inlined(std::string_view url_path, std::string_view stylesheet,
                                              const stylesheet_lookup& imported) {
  const auto imports = css_imports(stylesheet);
  if (!imports) return std::nullopt;
  std::string inlined;
  std::size_t copied = 0;
  for (const auto& rule : *imports) {
    const auto target = resolved(url_path, rule.url.starts_with('/') ? rule.url : "./" + std::string(rule.url));
    const std::string* text = target.empty() ? nullptr : imported(target);
    if (!text || folder_of(target) != folder_of(url_path)) return std::nullopt;
    const auto nested = css_imports(*text);
    if (!nested || !nested->empty()) return std::nullopt;
    inlined.append(stylesheet.substr(copied, rule.start - copied));
    if (rule.layer) {
      inlined.append("@layer ").append(*rule.layer).append(" {\n").append(*text).append("\n}");
    } else {
      inlined.append(*text);
    }
    copied = rule.end;
  }
  inlined.append(stylesheet.substr(copied));
  return inlined;
}

std::vector<std::string> module_imports(std::string_view module_url, std::string_view source) {
  std::vector<std::string> imports;
  for (const std::string_view keyword : {std::string_view("from"), std::string_view("import")}) {
    for (auto at = source.find(keyword); at != std::string_view::npos; at = source.find(keyword, at + 1)) {
      if (!word_boundary_before(source, at)) continue;
      const auto specifier = quoted_at(source, at + keyword.size());
      if (specifier.empty()) continue;
      auto url = resolved(module_url, specifier);
      if (!url.empty() && std::ranges::find(imports, url) == imports.end()) imports.push_back(std::move(url));
    }
  }
  return imports;
}

}  // namespace twofold::server
