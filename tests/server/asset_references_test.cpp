// The text rewrites behind fingerprinted URLs: what a page, a stylesheet and a
// module name, and how those names are pointed at fingerprinted ones.
#include <gtest/gtest.h>

#include <map>

#include "app/asset_references.hpp"

namespace twofold::server::testing {
namespace {

TEST(asset_references, puts_the_fingerprint_before_the_extension) {
  EXPECT_EQ(fingerprinted_name("/js/app.js", "3f2a91c0ab12"), "/js/app.3f2a91c0ab12.js");
  EXPECT_EQ(fingerprinted_name("/core/twofold_core.wasm", "3f2a91c0ab12"), "/core/twofold_core.3f2a91c0ab12.wasm");
  EXPECT_EQ(fingerprinted_name("/js/app.min.js", "3f2a91c0ab12"), "/js/app.min.3f2a91c0ab12.js");
  EXPECT_EQ(fingerprinted_name("/v1.2/LICENSE", "3f2a91c0ab12"), "/v1.2/LICENSE.3f2a91c0ab12");
}

TEST(asset_references, maps_only_plain_url_paths) {
  EXPECT_TRUE(is_plain_url_path("/js/sign_in_page.js"));
  EXPECT_TRUE(is_plain_url_path("/new-password/x~1.css"));
  for (const char* odd : {"js/app.js", "/js/a b.js", "/js/a\"b.js", "/js/<x>.js", "/js/a%20b.js", "/js/ü.js"}) {
    EXPECT_FALSE(is_plain_url_path(odd)) << odd;
  }
}

TEST(asset_references, lists_a_pages_scripts_in_order) {
  const auto scripts = page_scripts(
      "<head><script src=\"/core/twofold_core.js\"></script>\n"
      "<script type=\"module\" src=\"/js/page.js\"></script><script>inline()</script>"
      "<script type=\"module\" src=\"/js/other.js\" defer></script></head>");
  ASSERT_EQ(scripts.size(), 3U);
  EXPECT_EQ(scripts[0].url, "/core/twofold_core.js");
  EXPECT_FALSE(scripts[0].module);
  EXPECT_EQ(scripts[1].url, "/js/page.js");
  EXPECT_TRUE(scripts[1].module);
  EXPECT_EQ(scripts[2].url, "/js/other.js");
}

TEST(asset_references, rewrites_src_and_href_of_assets_and_leaves_links_to_pages) {
  const fingerprinted_urls urls{{"/css/app.css", "/css/app.111111111111.css"},
                                {"/js/page.js", "/js/page.222222222222.js"}};
  EXPECT_EQ(with_fingerprinted_attributes("<link rel=\"stylesheet\" href=\"/css/app.css\">"
                                          "<script type=\"module\" src=\"/js/page.js\"></script>"
                                          "<a href=\"/terms.html\">Terms</a><a href=\"/css/app.css#x\">x</a>"
                                          "<p data-src=\"/js/page.js\">",
                                          urls),
            "<link rel=\"stylesheet\" href=\"/css/app.111111111111.css\">"
            "<script type=\"module\" src=\"/js/page.222222222222.js\"></script>"
            "<a href=\"/terms.html\">Terms</a><a href=\"/css/app.css#x\">x</a>"
            "<p data-src=\"/js/page.js\">");
}

TEST(asset_references, puts_the_prelude_before_the_first_script) {
  page_prelude prelude;
  prelude.import_map = {{"/js/a.js", "/js/a.1.js"}, {"/core/c.wasm", "/core/c.2.wasm"}};
  prelude.module_preloads = {"/js/a.1.js"};
  prelude.fetch_preloads = {"/core/c.2.wasm"};
  const auto map = import_map_json(prelude);
  EXPECT_EQ(map, R"({"imports":{"/js/a.js":"/js/a.1.js","/core/c.wasm":"/core/c.2.wasm"}})");
  EXPECT_EQ(with_prelude("<head>\n  <meta charset=\"utf-8\">\n  <script src=\"/x.js\"></script>\n</head>", prelude, map),
            "<head>\n  <meta charset=\"utf-8\">\n  <script type=\"importmap\">" + map +
                "</script>\n  <link rel=\"modulepreload\" href=\"/js/a.1.js\">\n"
                "  <link rel=\"preload\" href=\"/core/c.2.wasm\" as=\"fetch\" crossorigin>\n"
                "  <script src=\"/x.js\"></script>\n</head>");
}

TEST(asset_references, a_page_without_scripts_gets_its_preloads_at_the_end_of_its_head_and_no_empty_map) {
  page_prelude prelude;
  prelude.module_preloads = {"/js/a.1.js"};
  EXPECT_EQ(import_map_json(prelude), "");
  EXPECT_EQ(with_prelude("<head><title>t</title></head><body>", prelude, ""),
            "<head><title>t</title><link rel=\"modulepreload\" href=\"/js/a.1.js\">\n  </head><body>");
  EXPECT_EQ(with_prelude("no head at all", prelude, ""), "no head at all");
}

TEST(asset_references, rewrites_stylesheet_urls_in_every_quoting) {
  const fingerprinted_urls urls{{"/css/tokens.css", "/css/tokens.1.css"}, {"/img/a.svg", "/img/a.2.svg"}};
  EXPECT_EQ(with_fingerprinted_css_urls("@import url(\"/css/tokens.css\") layer(tokens);\n"
                                        "a { background: url('/img/a.svg'), url( /img/a.svg ); }\n"
                                        "b { background: url(/img/other.svg), url(\"data:image/svg+xml,%3Csvg\"); }",
                                        urls),
            "@import url(\"/css/tokens.1.css\") layer(tokens);\n"
            "a { background: url('/img/a.2.svg'), url( /img/a.svg ); }\n"
            "b { background: url(/img/other.svg), url(\"data:image/svg+xml,%3Csvg\"); }");
  EXPECT_EQ(css_urls("@import url(\"/css/tokens.css\"); x { y: url(data:,); z: url(//cdn/x.css) }"),
            std::vector<std::string>{"/css/tokens.css"});
}

// Stylesheets by URL path, as static_files gives them.
stylesheet_lookup stylesheets(std::map<std::string, std::string> texts) {
  return [texts = std::move(texts)](const std::string& url_path) -> const std::string* {
    const auto found = texts.find(url_path);
    return found == texts.end() ? nullptr : &found->second;
  };
}

TEST(asset_references, inlines_a_stylesheets_imports_each_in_its_layer) {
  const auto beside = stylesheets({{"/css/tokens.css", "html { --space: 4px; }"}, {"/css/base.css", "p { margin: 0; }"},
                                   {"/css/plain.css", "b { x: y; }"}});
  EXPECT_EQ(with_imports_inlined("/css/app.css",
                                 "/* layers */\n@charset \"utf-8\";\n@layer tokens, base;\n"
                                 "@import url(\"/css/tokens.css\") layer(tokens);\n"
                                 "@import url(base.css) layer( base );\n@import './plain.css';\n"
                                 "main { display: grid; }\n@import url(\"/css/other.css\");\n",
                                 beside),
            "/* layers */\n@charset \"utf-8\";\n@layer tokens, base;\n"
            "@layer tokens {\nhtml { --space: 4px; }\n}\n@layer base {\np { margin: 0; }\n}\nb { x: y; }\n"
            "main { display: grid; }\n@import url(\"/css/other.css\");\n")
      << "an @import after a rule is no rule (browsers ignore it), so it is not one to inline";
  EXPECT_EQ(with_imports_inlined("/css/app.css", "main { display: grid; }", beside), "main { display: grid; }");
}

TEST(asset_references, leaves_every_import_when_one_cannot_be_inlined) {
  const auto beside = stylesheets({{"/css/tokens.css", "html { --space: 4px; }"},
                                   {"/css/nested.css", "@import url(\"/css/tokens.css\");\nb { x: y; }"},
                                   {"/other/far.css", "a { b: url(./img.svg); }"}});
  const std::string tokens = "@import url(\"/css/tokens.css\") layer(tokens);\n";
  for (const std::string second : {"@import url(\"/css/missing.css\");", "@import url(\"/css/tokens.css\") screen;",
                                   "@import url(\"/css/tokens.css\") layer;", "@import url(\"/css/nested.css\");",
                                   "@import url(\"/other/far.css\");", "@import url(\"/css/tokens.css\") layer(a b);",
                                   "@import url(\"https://cdn.example/x.css\");", "@import url(\"/css/tokens.css\")"}) {
    EXPECT_EQ(with_imports_inlined("/css/app.css", tokens + second, beside), std::nullopt) << second;
  }
}

TEST(asset_references, finds_a_modules_static_imports_resolved_against_its_url) {
  const auto imports = module_imports("/js/pages/sign_in.js",
                                      "import { text } from './i18n.js';\n"
                                      "import {\n  a,\n  b,\n} from \"../shared/dom.js\";\n"
                                      "import './side_effect.js';\n"
                                      "export * from '/js/api.js';\n"
                                      "import lib from 'bare-package';\n"
                                      "import x from 'https://example.com/x.js';\n"
                                      "const reimport = \"./i18n.js\"; imported('./no.js'); transform_from './no2.js';\n"
                                      "import up from '../../../../outside.js';\n");
  EXPECT_EQ(imports, (std::vector<std::string>{"/js/pages/i18n.js", "/js/shared/dom.js", "/js/api.js",
                                               "/js/pages/side_effect.js"}));
}

}  // namespace
}  // namespace twofold::server::testing
