// The log lines: JSON objects one per line whatever a client sent, the
// per-request line rendered without a JSON tree saying what the tree would,
// and lines from many threads written whole.
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/request_log.hpp"
#include "runtime/logger.hpp"

namespace twofold::server::testing {
namespace {

std::vector<nlohmann::json> lines_of(const std::string& text) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

TEST(request_log, says_what_was_asked_and_answered_without_the_query) {
  std::ostringstream out;
  logger log(out);
  log_request(log, {.method = "GET",
                    .target = "/reset?token=secret",
                    .remote_ip = "192.0.2.1",
                    .status = 200,
                    .duration = std::chrono::microseconds{1234}});
  log_request(log, {.method = "P\"ST", .target = "/\xFF", .remote_ip = "", .status = 400,
                    .duration = std::chrono::milliseconds{2}});
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_EQ(lines[0]["event"], "http.request");
  EXPECT_EQ(lines[0]["level"], "info");
  EXPECT_EQ(lines[0]["method"], "GET");
  EXPECT_EQ(lines[0]["path"], "/reset");
  EXPECT_EQ(lines[0]["status"], 200);
  EXPECT_EQ(lines[0]["duration_ms"], 1.234);
  EXPECT_EQ(lines[0]["ip"], "192.0.2.1");
  EXPECT_EQ(lines[0]["ts"].get<std::string>().size(), std::string_view("2026-11-22T03:04:05Z").size());
  EXPECT_EQ(out.str().find("secret"), std::string::npos);
  EXPECT_EQ(lines[1]["method"], "P\"ST");
  EXPECT_EQ(lines[1]["path"], "/\xEF\xBF\xBD");
  EXPECT_EQ(lines[1]["duration_ms"], 2);
}

TEST(request_log, is_left_out_below_the_level_chosen) {
  std::ostringstream out;
  logger log(out, log_level::warn);
  log_request(log, {.method = "GET", .target = "/", .remote_ip = "192.0.2.1", .status = 200});
  EXPECT_EQ(out.str(), "");
}

TEST(logger, lines_from_many_threads_are_all_written_whole) {
  std::ostringstream out;
  logger log(out);
  constexpr int threads = 8;
  constexpr int lines_each = 500;
  std::vector<std::thread> loggers;
  for (int t = 0; t < threads; ++t) {
    loggers.emplace_back([&log, t] {
      for (int i = 0; i < lines_each; ++i) {
        if (i % 2 == 0) log.info("test.line", {{"thread", t}, {"line", i}});
        else log_request(log, {.method = "GET", .target = "/" + std::to_string(t), .remote_ip = "192.0.2.1", .status = 200});
      }
    });
  }
  for (auto& each : loggers) each.join();
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), static_cast<std::size_t>(threads * lines_each));
  std::vector<int> counted(threads, 0);
  for (const auto& line : lines) {
    if (line["event"] == "test.line") ++counted[line["thread"].get<std::size_t>()];
    else ++counted[std::stoul(line["path"].get<std::string>().substr(1))];
  }
  for (int t = 0; t < threads; ++t) EXPECT_EQ(counted[static_cast<std::size_t>(t)], lines_each) << t;
}

}  // namespace
}  // namespace twofold::server::testing
