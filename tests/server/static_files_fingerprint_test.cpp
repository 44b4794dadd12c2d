// Fingerprinted names: every file but a page also served under a name with its
// content's hash, cached for a year; pages point at those names, with an
// import map for the modules that the page's own CSP hash allows.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include <array>
#include <filesystem>
#include <regex>
#include <string>

#include "app/static_files.hpp"
#include "support/temp_dir.hpp"

namespace twofold::server::testing {
namespace {

constexpr std::string_view immutable = "public, max-age=31536000, immutable";

std::string header_in(const http_response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

std::string sha256_hex(std::string_view content, std::size_t bytes) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(content.data()), content.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), bytes);
  hex.pop_back();
  return hex;
}

std::string sha256_base64(std::string_view content) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(content.data()), content.size());
  std::string base64(sodium_base64_ENCODED_LEN(digest.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(base64.data(), base64.size(), digest.data(), digest.size(), sodium_base64_VARIANT_ORIGINAL);
  return base64.substr(0, base64.find('\0'));
}

// The text between <script type="importmap"> and </script>.
std::string import_map_in(const std::string& page) {
  constexpr std::string_view open = "<script type=\"importmap\">";
  const auto start = page.find(open);
  if (start == std::string::npos) return "";
  return page.substr(start + open.size(), page.find("</script>", start) - start - open.size());
}

class static_files_fingerprint : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(www() / "partials/head.html",
               "<meta charset=\"utf-8\">\n  <link rel=\"stylesheet\" href=\"/css/app.css\">\n"
               "  <script src=\"/core/twofold_core.js\"></script>\n");
    write_file(www() / "index.html",
               "<!doctype html>\n<head>\n  <!--#include \"/partials/head.html\" -->\n"
               "  <script type=\"module\" src=\"/js/page.js\"></script>\n</head>\n"
               "<body><a href=\"/terms.html\">Terms</a></body>\n");
    write_file(www() / "terms.html", "<!doctype html>\n<head><title>Terms</title></head>\n");
    write_file(www() / "css/app.css", "@import url(\"/css/tokens.css\") layer(tokens);\n");
    write_file(www() / "css/tokens.css", "html { --space: 4px; }");
    write_file(www() / "js/page.js", "import { dep } from './dep.js';\ndep();\n");
    write_file(www() / "js/dep.js", "export function dep() {}\n");
    write_file(www() / "js/unused.js", "export {};\n");
    write_file(core() / "twofold_core.js", "var TwofoldCore = 1;");
    write_file(core() / "twofold_core.wasm", std::string("\0asm\1\0\0\0", 8));
  }

  std::filesystem::path core() const { return dir_.path() / "core"; }
  std::filesystem::path www() const { return dir_.path() / "www"; }

  static http_request get(std::string path, std::string if_none_match = "") {
    http_request request{.method = "GET", .target = path, .headers = {}, .body = {}, .remote_ip = "127.0.0.1",
                         .tls = false};
    if (!if_none_match.empty()) request.headers["if-none-match"] = std::move(if_none_match);
    return request;
  }
  static http_response served(const static_files& files, const std::string& path, std::string if_none_match = "") {
    auto answer = files.serve(get(path, std::move(if_none_match)), path);
    if (!answer) ADD_FAILURE() << path << " was not found";
    return answer.value_or(http_response{});
  }

  temp_dir dir_;
};

TEST_F(static_files_fingerprint, serves_each_asset_under_its_content_hash_for_a_year) {
  const static_files files(www(), core());
  const struct {
    std::string url;
    std::string content;
  } assets[] = {
      {"/js/dep.js", "export function dep() {}\n"},
      {"/css/tokens.css", "html { --space: 4px; }"},
      {"/core/twofold_core.js", "var TwofoldCore = 1;"},
      {"/core/twofold_core.wasm", std::string("\0asm\1\0\0\0", 8)},
  };
  for (const auto& asset : assets) {
    const auto dot = asset.url.rfind('.');
    const auto expected = asset.url.substr(0, dot) + "." + sha256_hex(asset.content, 6) + asset.url.substr(dot);
    EXPECT_EQ(files.fingerprinted(asset.url), expected);

    const auto fingerprinted = served(files, expected);
    EXPECT_EQ(fingerprinted.status, 200U) << expected;
    EXPECT_EQ(fingerprinted.body, asset.content) << expected;
    EXPECT_EQ(header_in(fingerprinted, "Cache-Control"), immutable) << expected;

    const auto plain = served(files, asset.url);
    EXPECT_EQ(plain.body, asset.content) << asset.url;
    EXPECT_EQ(header_in(plain, "Cache-Control"), "no-cache") << "the old name still works, revalidated";
    EXPECT_EQ(header_in(plain, "Content-Type"), header_in(fingerprinted, "Content-Type"));
  }
}

TEST_F(static_files_fingerprint, a_fingerprint_of_no_current_content_and_pages_have_no_such_name) {
  const static_files files(www(), core());
  const auto real = files.fingerprinted("/js/dep.js");
  ASSERT_FALSE(real.empty());
  EXPECT_FALSE(files.serve(get("/js/dep.000000000000.js"), "/js/dep.000000000000.js").has_value());
  EXPECT_FALSE(files.serve(get("/js/dep.js.x"), "/js/dep.js.x").has_value());
  EXPECT_EQ(files.fingerprinted("/index.html"), "");
  EXPECT_EQ(files.fingerprinted("/missing.js"), "");
  EXPECT_EQ(header_in(served(files, "/"), "Cache-Control"), "no-cache");
}

TEST_F(static_files_fingerprint, a_page_names_the_fingerprinted_stylesheet_and_scripts) {
  const static_files files(www(), core());
  const auto page = served(files, "/").body;
  for (const char* asset : {"/css/app.css", "/core/twofold_core.js", "/js/page.js"}) {
    const auto fingerprinted = files.fingerprinted(asset);
    EXPECT_NE(page.find("=\"" + fingerprinted + "\""), std::string::npos) << asset << " as " << fingerprinted;
    EXPECT_EQ(page.find("=\"" + std::string(asset) + "\""), std::string::npos) << asset << " left as written";
  }
  EXPECT_NE(page.find("<a href=\"/terms.html\">"), std::string::npos) << "links to pages stay";
  EXPECT_NE(page.find("<link rel=\"modulepreload\" href=\"" + files.fingerprinted("/js/page.js") + "\">"),
            std::string::npos);
  EXPECT_NE(page.find("<link rel=\"modulepreload\" href=\"" + files.fingerprinted("/js/dep.js") + "\">"),
            std::string::npos);
  EXPECT_NE(page.find("<link rel=\"preload\" href=\"" + files.fingerprinted("/core/twofold_core.wasm") +
                      "\" as=\"fetch\" crossorigin>"),
            std::string::npos);
  EXPECT_EQ(page.find(files.fingerprinted("/js/unused.js")), std::string::npos) << "no module the page does not use";
  EXPECT_LT(page.find("type=\"importmap\""), page.find("<script src=")) << "the map comes before any script";
}

TEST_F(static_files_fingerprint, the_import_map_sends_each_module_the_page_uses_and_the_core_to_its_fingerprint) {
  const static_files files(www(), core());
  const auto map = nlohmann::json::parse(import_map_in(served(files, "/").body));
  const nlohmann::json expected = {{"imports",
                                    {{"/js/page.js", files.fingerprinted("/js/page.js")},
                                     {"/js/dep.js", files.fingerprinted("/js/dep.js")},
                                     {"/core/twofold_core.wasm", files.fingerprinted("/core/twofold_core.wasm")}}}};
  EXPECT_EQ(map, expected);
}

TEST_F(static_files_fingerprint, the_pages_policy_allows_its_import_map_by_hash_also_on_304) {
  const static_files files(www(), core());
  const auto page = served(files, "/");
  const auto map = import_map_in(page.body);
  ASSERT_FALSE(map.empty());
  const auto policy = header_in(page, "Content-Security-Policy");
  EXPECT_NE(policy.find("script-src 'self' 'wasm-unsafe-eval' 'sha256-" + sha256_base64(map) + "';"),
            std::string::npos)
      << policy;
  EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos);
  EXPECT_NE(policy.find("default-src 'none'"), std::string::npos) << "the rest of the policy is kept";

  const auto revalidated = served(files, "/", header_in(page, "ETag"));
  EXPECT_EQ(revalidated.status, 304U);
  EXPECT_EQ(header_in(revalidated, "Content-Security-Policy"), policy)
      << "a 304's headers replace the stored ones in the browser";

  const auto terms = served(files, "/terms.html");
  EXPECT_EQ(import_map_in(terms.body), "");
  EXPECT_EQ(header_in(terms, "Content-Security-Policy"), "") << "no map: the server's default policy applies";
}

TEST_F(static_files_fingerprint, a_stylesheet_carries_those_it_imports_and_its_fingerprint_covers_them) {
  const static_files before(www(), core());
  const auto tokens = before.fingerprinted("/css/tokens.css");
  EXPECT_EQ(served(before, "/css/app.css").body, "@layer tokens {\nhtml { --space: 4px; }\n}\n");
  EXPECT_EQ(served(before, before.fingerprinted("/css/app.css")).body, served(before, "/css/app.css").body);
  EXPECT_EQ(served(before, tokens).body, "html { --space: 4px; }") << "still served alone";

  write_file(www() / "css/tokens.css", "html { --space: 8px; }");
  const static_files after(www(), core());
  EXPECT_NE(after.fingerprinted("/css/tokens.css"), tokens);
  EXPECT_NE(after.fingerprinted("/css/app.css"), before.fingerprinted("/css/app.css"))
      << "a page naming the old app.css would keep the old tokens";
}

TEST_F(static_files_fingerprint, a_changed_module_changes_its_own_name_and_the_map_not_its_importers) {
  const static_files before(www(), core());
  write_file(www() / "js/dep.js", "export function dep() { return 1; }\n");
  const static_files after(www(), core());
  EXPECT_NE(after.fingerprinted("/js/dep.js"), before.fingerprinted("/js/dep.js"));
  EXPECT_EQ(after.fingerprinted("/js/page.js"), before.fingerprinted("/js/page.js"));
  EXPECT_NE(import_map_in(served(after, "/").body).find(after.fingerprinted("/js/dep.js")), std::string::npos);
  EXPECT_FALSE(after.serve(get(before.fingerprinted("/js/dep.js")), before.fingerprinted("/js/dep.js")).has_value());
}

TEST_F(static_files_fingerprint, rewritten_files_are_compressed_when_read) {
  // Large enough for compression to pay; the copies' own bytes are decoded
  // by the HTTP tests (tests/http/static_files.test.mjs).
  write_file(www() / "css/app.css", "@import url(\"/css/tokens.css\") layer(tokens);\n" + std::string(4000, ' '));
  write_file(www() / "css/app.css.br", "STALE COPY OF THE FILE AS WRITTEN");
  const static_files files(www(), core());
  for (const char* path : {"/", "/css/app.css"}) {
    auto request = get(path);
    request.headers["accept-encoding"] = "br";
    const auto brotli = files.serve(request, path);
    ASSERT_TRUE(brotli.has_value()) << path;
    EXPECT_EQ(header_in(*brotli, "Content-Encoding"), "br") << path;
    EXPECT_NE(brotli->body, "STALE COPY OF THE FILE AS WRITTEN") << "a copy of the file before its rewrite";
    request.headers["accept-encoding"] = "gzip";
    EXPECT_EQ(header_in(*files.serve(request, path), "Content-Encoding"), "gzip") << path;
  }
}

}  // namespace
}  // namespace twofold::server::testing
