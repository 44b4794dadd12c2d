// User-Agent parsing (client/user_agent_parser.hpp) with Debian's uap-core:
// its own test cases, as its reference implementation runs them
// (/usr/share/uap-core/tests/test.js), then the browsers people sign in with
// and input no browser sends.
#include "client/user_agent_parser.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "runtime/logger.hpp"
#include "support/test_origins.hpp"
#include "twofold/text/stored_text.hpp"

namespace twofold::server::testing {
namespace {

const std::filesystem::path uap_core = "/usr/share/uap-core";

const user_agent_parser& parser() { return uap_core_parser(); }

// ---- uap-core's test cases -------------------------------------------------

std::optional<std::string> expected(const YAML::Node& test_case, const char* key) {
  const YAML::Node value = test_case[key];
  if (!value.IsDefined() || !value.IsScalar()) return std::nullopt;
  return value.Scalar();
}

std::string shown(const std::optional<std::string>& value) { return value ? "'" + *value + "'" : "null"; }

struct tally {
  std::size_t cases = 0;
  std::vector<std::string> failures;
};

// Each case of `file` checked by `check`, which names the first field that
// differs ("" when all agree).
using case_check = std::function<std::string(const uap_result&, const YAML::Node&)>;

tally run_cases(const std::filesystem::path& file, const case_check& check) {
  tally result;
  for (const auto& test_case : YAML::LoadFile(file.string())["test_cases"]) {
    const auto user_agent = test_case["user_agent_string"].as<std::string>();
    ++result.cases;
    if (auto mismatch = check(parser().parse_uap(user_agent), test_case); !mismatch.empty()) {
      result.failures.push_back(mismatch + " for " + user_agent);
    }
  }
  return result;
}

std::string differs(const char* field, const std::optional<std::string>& got, const std::optional<std::string>& want) {
  return got == want ? "" : std::string(field) + ": got " + shown(got) + ", want " + shown(want);
}

std::string first_difference(std::initializer_list<std::string> checks) {
  for (const auto& check : checks) {
    if (!check.empty()) return check;
  }
  return "";
}

std::string check_agent(const uap_result& found, const YAML::Node& want) {
  const auto& agent = found.agent;
  return first_difference({differs("family", agent.family, expected(want, "family")),
                           differs("major", agent.major, expected(want, "major")),
                           differs("minor", agent.minor, expected(want, "minor")),
                           differs("patch", agent.patch, expected(want, "patch"))});
}

std::string check_os(const uap_result& found, const YAML::Node& want) {
  const auto& os = found.os;
  return first_difference({differs("family", os.family, expected(want, "family")),
                           differs("major", os.major, expected(want, "major")),
                           differs("minor", os.minor, expected(want, "minor")),
                           differs("patch", os.patch, expected(want, "patch")),
                           differs("patch_minor", os.patch_minor, expected(want, "patch_minor"))});
}

std::string check_device(const uap_result& found, const YAML::Node& want) {
  const auto& device = found.device;
  return first_difference({differs("family", device.family, expected(want, "family")),
                           differs("brand", device.brand, expected(want, "brand")),
                           differs("model", device.model, expected(want, "model"))});
}

void expect_all_pass(const std::filesystem::path& file, const case_check& check) {
  const auto result = run_cases(file, check);
  std::cout << file.filename().string() << ": " << result.cases - result.failures.size() << " of " << result.cases
            << " cases pass\n";
  EXPECT_GT(result.cases, 0U) << file;
  EXPECT_TRUE(result.failures.empty()) << result.failures.size() << " of " << result.cases << " cases of " << file
                                       << " fail, the first: " << result.failures.front();
}

TEST(user_agent_parser, compiles_every_uap_core_rule) {
  EXPECT_GT(parser().rule_count(), 1000U);
  EXPECT_EQ(parser().skipped_rule_count(), 0U) << "rules RE2 cannot compile, skipped";
}

TEST(user_agent_parser, passes_uap_core_browser_cases) {
  for (const auto* file : {"tests/test_ua.yaml", "test_resources/firefox_user_agent_strings.yaml",
                           "test_resources/opera_mini_user_agent_strings.yaml",
                           "test_resources/podcasting_user_agent_strings.yaml", "test_resources/pgts_browser_list.yaml"}) {
    expect_all_pass(uap_core / file, check_agent);
  }
}

TEST(user_agent_parser, passes_uap_core_system_cases) {
  for (const auto* file : {"tests/test_os.yaml", "test_resources/additional_os_tests.yaml"}) {
    expect_all_pass(uap_core / file, check_os);
  }
}

TEST(user_agent_parser, passes_uap_core_device_cases) { expect_all_pass(uap_core / "tests/test_device.yaml", check_device); }

// ---- Browsers people sign in with ------------------------------------------

TEST(user_agent_parser, names_headless_chromium) {
  // Debian's chromium 156 with --headless, as the browser tests run it.
  const auto found = parser().parse(
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 "
      "Safari/537.36");
  EXPECT_EQ(found, (device_description{.browser = "HeadlessChrome",
                                       .browser_version = "156.0",
                                       .os = "Linux",
                                       .os_version = "",
                                       .device = "Other"}));
}

TEST(user_agent_parser, names_firefox_on_linux) {
  const auto found = parser().parse("Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0");
  EXPECT_EQ(found, (device_description{.browser = "Firefox",
                                       .browser_version = "121.0",
                                       .os = "Linux",
                                       .os_version = "",
                                       .device = "Other"}));
  EXPECT_EQ(parser().parse("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0").os,
            "Ubuntu");
}

TEST(user_agent_parser, names_safari_on_an_iphone) {
  const auto found = parser().parse(
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
      "Version/17.1.2 Mobile/15E148 Safari/604.1");
  EXPECT_EQ(found, (device_description{.browser = "Mobile Safari",
                                       .browser_version = "17.1",
                                       .os = "iOS",
                                       .os_version = "17.1",
                                       .device = "iPhone"}));
}

TEST(user_agent_parser, names_edge_on_windows) {
  const auto found = parser().parse(
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
      "Safari/537.36 Edg/120.0.2210.91");
  EXPECT_EQ(found, (device_description{.browser = "Edge",
                                       .browser_version = "120.0",
                                       .os = "Windows",
                                       .os_version = "10",
                                       .device = "Other"}));
}

// ---- Input no browser sends ------------------------------------------------

const device_description nothing_known{};

// stored_text replaces what is not UTF-8, so well-formed text comes back unchanged.
bool well_formed(const device_description& found) {
  for (const auto* field : {&found.browser, &found.browser_version, &found.os, &found.os_version, &found.device}) {
    if (text::stored_text(*field, field->size()) != *field) return false;
  }
  return true;
}

TEST(user_agent_parser, knows_nothing_of_an_empty_or_meaningless_header) {
  EXPECT_EQ(parser().parse(""), nothing_known);
  EXPECT_EQ(parser().parse("   "), nothing_known);
  EXPECT_EQ(parser().parse("\x01\x02\x03"), nothing_known);
  EXPECT_EQ(parser().parse(std::string_view("\0\0\0", 3)), nothing_known);
}

TEST(user_agent_parser, answers_utf8_whatever_bytes_arrive) {
  // Invalid UTF-8 inside a part a rule captures: the device's model.
  const std::string user_agent =
      "Mozilla/5.0 (Linux; Android 13; SM-\xff\xfe\xc0 Build/TP1A) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/120.0.0.0 Mobile Safari/537.36";
  const auto found = parser().parse(user_agent);
  EXPECT_EQ(found.browser, "Chrome Mobile");
  EXPECT_TRUE(well_formed(found)) << found.device;
  for (int seed = 0; seed < 200; ++seed) {
    std::string noise;
    for (int i = 0; i < 300; ++i) noise += static_cast<char>((seed * 7919 + i * 104729) % 256);
    EXPECT_TRUE(well_formed(parser().parse(noise)));
  }
}

TEST(user_agent_parser, reads_only_the_first_512_bytes) {
  const std::string firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";
  EXPECT_EQ(parser().parse(std::string(user_agent_parser::max_bytes, ' ') + firefox), nothing_known);
  const std::string huge = firefox + std::string(1 << 20, 'x');
  EXPECT_EQ(parser().parse(huge), parser().parse(huge.substr(0, user_agent_parser::max_bytes)));
  EXPECT_EQ(parser().parse(huge).browser, "Firefox");
}

TEST(user_agent_parser, answers_alike_from_many_threads) {
  const std::vector<std::string> agents = {
      "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
      "Version/17.1.2 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
      "Safari/537.36 Edg/120.0.2210.91",
      "curl/8.4.0",
      ""};
  std::vector<device_description> reference;
  for (const auto& agent : agents) reference.push_back(describe(parser().parse_uap(agent)));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (std::size_t t = 0; t < mismatches.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 200; ++round) {
        // Some agents never seen before, so threads parse and insert at once.
        const auto fresh = "probe/" + std::to_string(t) + "." + std::to_string(round);
        if (parser().parse(fresh) != describe(parser().parse_uap(fresh))) ++mismatches[t];
        for (std::size_t i = 0; i < agents.size(); ++i) {
          if (parser().parse(agents[i]) != reference[i]) ++mismatches[t];
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const int count : mismatches) EXPECT_EQ(count, 0);
}

}  // namespace
}  // namespace twofold::server::testing
