// Static files: the web app and the wasm core from memory, with the right
// media types, revalidation by ETag, and nothing outside what was loaded.
#include <gtest/gtest.h>

#include "support/app_harness.hpp"

namespace twofold::server::testing {
namespace {

TEST(app_static, serves_pages_with_their_media_types) {
  app_harness h;
  const struct {
    const char* path;
    const char* type;
    std::string_view body_start;
  } cases[] = {
      {"/", "text/html; charset=utf-8", "<!doctype html><title>Sign in"},
      {"/index.html", "text/html; charset=utf-8", "<!doctype html><title>Sign in"},
      {"/admin/", "text/html; charset=utf-8", "<!doctype html><title>Admin"},
      {"/agent/", "text/html; charset=utf-8", "<!doctype html><title>Agent"},
      {"/terms.html", "text/html; charset=utf-8", "<!doctype html><title>Terms"},
      {"/css/app.css", "text/css; charset=utf-8", "body"},
      {"/js/app.js", "text/javascript; charset=utf-8", "export"},
      {"/img/logo.svg", "image/svg+xml", "<svg"},
      {"/core/twofold_core.js", "text/javascript; charset=utf-8", "var TwofoldCore"},
      {"/core/twofold_core.wasm", "application/wasm", std::string_view("\0asm", 4)},
  };
  for (const auto& c : cases) {
    const auto response = h.get(c.path);
    ASSERT_EQ(response.status, 200U) << c.path;
    EXPECT_EQ(header_of(response, "Content-Type"), c.type) << c.path;
    EXPECT_EQ(header_of(response, "Cache-Control"), "no-cache") << c.path;
    EXPECT_TRUE(response.body.starts_with(c.body_start)) << c.path;
  }
}

TEST(app_static, expands_includes_in_pages_and_serves_no_partial) {
  app_harness h;
  const auto page = h.get("/shared.html");
  ASSERT_EQ(page.status, 200U);
  EXPECT_EQ(page.body,
            "<!doctype html>\n<title>Shared head</title>\n<p>page\n<!--#include \"/partials/missing.html\" -->\n");
  EXPECT_EQ(h.get("/partials/head.html").status, 404U);
  EXPECT_NE(h.logs().find(R"("include":"/shared.html: /partials/missing.html")"), std::string::npos) << h.logs();
}

TEST(app_static, redirects_a_folder_without_its_slash) {
  app_harness h;
  for (const char* folder : {"/admin", "/agent"}) {
    const auto response = h.get(folder);
    EXPECT_EQ(response.status, 301U) << folder;
    EXPECT_EQ(header_of(response, "Location"), std::string(folder) + "/");
  }
}

TEST(app_static, revalidates_with_a_strong_e_tag) {
  app_harness h;
  const auto first = h.get("/css/app.css");
  const auto etag = header_of(first, "ETag");
  ASSERT_TRUE(etag.starts_with('"') && etag.ends_with('"') && etag.size() > 2) << etag;
  EXPECT_EQ(header_of(h.get("/css/app.css"), "ETag"), etag) << "stable";
  EXPECT_NE(header_of(h.get("/js/app.js"), "ETag"), etag) << "per content";

  for (const std::string& condition : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    const auto cached = h.get("/css/app.css", {{"if-none-match", condition}});
    EXPECT_EQ(cached.status, 304U) << condition;
    EXPECT_TRUE(cached.body.empty());
    EXPECT_EQ(header_of(cached, "ETag"), etag);
    EXPECT_EQ(header_of(cached, "Cache-Control"), "no-cache");
  }
  EXPECT_EQ(h.get("/css/app.css", {{"if-none-match", "\"stale\""}}).status, 200U);
}

// The HTTP layer sends a HEAD answer's Content-Length and drops its body.
TEST(app_static, answers_head_like_get) {
  app_harness h;
  const auto response = h.send(h.request("HEAD", "/css/app.css"));
  const auto full = h.get("/css/app.css");
  EXPECT_EQ(response.status, 200U);
  EXPECT_EQ(response.body, full.body);
  EXPECT_EQ(response.headers, full.headers);
}

TEST(app_static, serves_nothing_outside_what_was_loaded) {
  app_harness h;
  for (const char* path : {"/../secret.txt", "/css/../../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt",
                           "//secret.txt", "/.env", "/.git/config", "/notes.bak", "/core/other.wasm",
                           "/core/../www/index.html", "/missing.html", "/css/", "/index.html/"}) {
    const auto response = h.get(path);
    EXPECT_EQ(response.status, 404U) << path;
    EXPECT_EQ(response.body.find("outside the web folder"), std::string::npos) << path;
    EXPECT_EQ(header_of(response, "Content-Type"), "text/plain; charset=utf-8") << path;
  }
}

TEST(app_static, serves_the_files_as_they_were_at_start) {
  app_harness h;
  write_file(h.dir.path() / "www/late.html", "<!doctype html>");
  write_file(h.dir.path() / "www/css/app.css", "body { color: red; }");
  EXPECT_EQ(h.get("/late.html").status, 404U);
  EXPECT_EQ(h.get("/css/app.css").body, "body { margin: 0; }");
}

TEST(app_static, starts_without_a_web_folder) {
  app_harness h([](config& cfg) {
    cfg.www_dir = "/nonexistent/twofold-www";
    cfg.core_dir.clear();
  });
  EXPECT_EQ(h.get("/").status, 404U);
  EXPECT_EQ(h.get("/core/twofold_core.wasm").status, 404U);
  EXPECT_NE(h.logs().find("static.missing"), std::string::npos);
  EXPECT_EQ(h.get("/healthz").status, 200U);
}

}  // namespace
}  // namespace twofold::server::testing
