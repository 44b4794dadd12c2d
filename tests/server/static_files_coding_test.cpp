// Compressed copies beside a file (<name>.br, <name>.gz) are sent to clients
// that accept them, each as its own representation; a stale copy is not.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "app/static_files.hpp"
#include "support/temp_dir.hpp"

namespace twofold::server::testing {
namespace {

std::string header_in(const http_response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

class static_files_coding : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(core() / "twofold_core.js", "var TwofoldCore = 1;");
    write_file(core() / "twofold_core.js.br", "BROTLI BYTES");
    write_file(core() / "twofold_core.js.gz", "GZIP BYTES");
    write_file(core() / "twofold_core.wasm", std::string("\0asm", 4));
    write_file(www() / "app.js", "export {};");
  }

  std::filesystem::path core() const { return dir_.path() / "core"; }
  std::filesystem::path www() const { return dir_.path() / "www"; }

  static http_request get(std::string accept_encoding, std::string if_none_match = "") {
    http_request request{.method = "GET", .target = "/core/twofold_core.js", .headers = {}, .body = {},
                         .remote_ip = "127.0.0.1", .tls = false};
    if (!accept_encoding.empty()) request.headers["accept-encoding"] = std::move(accept_encoding);
    if (!if_none_match.empty()) request.headers["if-none-match"] = std::move(if_none_match);
    return request;
  }

  temp_dir dir_;
};

TEST_F(static_files_coding, sends_the_copy_the_client_accepts_with_vary) {
  const static_files files(www(), core());
  const struct {
    const char* accept;
    const char* body;
    const char* encoding;
  } cases[] = {
      {"gzip, deflate, br", "BROTLI BYTES", "br"},
      {"gzip", "GZIP BYTES", "gzip"},
      {"", "var TwofoldCore = 1;", ""},
      {"br;q=0, gzip;q=0", "var TwofoldCore = 1;", ""},
  };
  for (const auto& c : cases) {
    const auto response = files.serve(get(c.accept), "/core/twofold_core.js");
    ASSERT_TRUE(response.has_value());
    EXPECT_EQ(response->body, c.body) << c.accept;
    EXPECT_EQ(header_in(*response, "Content-Encoding"), c.encoding) << c.accept;
    EXPECT_EQ(header_in(*response, "Vary"), "Accept-Encoding") << c.accept;
    EXPECT_EQ(header_in(*response, "Content-Type"), "text/javascript; charset=utf-8") << c.accept;
  }
}

TEST_F(static_files_coding, each_copy_has_its_own_e_tag) {
  const static_files files(www(), core());
  const auto brotli = files.serve(get("br"), "/core/twofold_core.js");
  const auto plain = files.serve(get(""), "/core/twofold_core.js");
  const auto brotli_tag = header_in(*brotli, "ETag");
  ASSERT_NE(brotli_tag, header_in(*plain, "ETag"));

  EXPECT_EQ(files.serve(get("br", brotli_tag), "/core/twofold_core.js")->status, 304U);
  const auto other = files.serve(get("gzip", brotli_tag), "/core/twofold_core.js");
  EXPECT_EQ(other->status, 200U) << "the brotli copy's tag does not validate the gzip copy";
  EXPECT_EQ(header_in(*files.serve(get("br", brotli_tag), "/core/twofold_core.js"), "Vary"), "Accept-Encoding");
}

TEST_F(static_files_coding, a_file_without_copies_has_no_vary_and_copies_are_not_files) {
  const static_files files(www(), core());
  const auto wasm = files.serve(get("br"), "/core/twofold_core.wasm");
  ASSERT_TRUE(wasm.has_value());
  EXPECT_EQ(header_in(*wasm, "Content-Encoding"), "");
  EXPECT_EQ(header_in(*wasm, "Vary"), "");
  EXPECT_FALSE(files.serve(get(""), "/core/twofold_core.js.br").has_value());
  EXPECT_FALSE(files.serve(get(""), "/core/twofold_core.js.gz").has_value());
}

TEST_F(static_files_coding, a_copy_older_than_its_file_is_stale_and_not_sent) {
  const auto js = core() / "twofold_core.js";
  std::filesystem::last_write_time(core() / "twofold_core.js.br",
                                   std::filesystem::last_write_time(js) - std::chrono::seconds(10));
  const static_files files(www(), core());
  const auto response = files.serve(get("br, gzip"), "/core/twofold_core.js");
  EXPECT_EQ(response->body, "GZIP BYTES") << "the fresh gzip copy, not the stale brotli one";
}

}  // namespace
}  // namespace twofold::server::testing
