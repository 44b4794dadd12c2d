// The metrics registry and the Prometheus text format (0.0.4): HELP and TYPE
// once per family, counters and gauges by their labels, histogram buckets
// cumulative up to +Inf with _sum and _count, escapes in HELP and label
// values, and names that Prometheus would refuse refused at registration.
#include <gtest/gtest.h>

#include <chrono>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "runtime/metrics.hpp"
#include "runtime/server_metrics.hpp"

namespace twofold::server::testing {
namespace {

TEST(metrics_registry, renders_a_counter_family_once_with_each_labelled_series) {
  metric_registry registry;
  auto& io = registry.add_counter("twofold_failures_total", "Failures seen.", {{"kind", "io"}});
  auto& busy = registry.add_counter("twofold_failures_total", "Failures seen.", {{"kind", "busy"}});
  io.add();
  io.add(2);
  busy.add();

  EXPECT_EQ(registry.render(),
            "# HELP twofold_failures_total Failures seen.\n"
            "# TYPE twofold_failures_total counter\n"
            "twofold_failures_total{kind=\"io\"} 3\n"
            "twofold_failures_total{kind=\"busy\"} 1\n");
}

TEST(metrics_registry, renders_a_gauge_without_labels_and_its_value_going_down) {
  metric_registry registry;
  auto& open = registry.add_gauge("twofold_open", "Open now.");
  open.add(3);
  open.add(-1);

  EXPECT_EQ(registry.render(),
            "# HELP twofold_open Open now.\n"
            "# TYPE twofold_open gauge\n"
            "twofold_open 2\n");
}

TEST(metrics_registry, histogram_buckets_are_cumulative_and_end_at_inf_with_sum_and_count) {
  metric_registry registry;
  auto& seconds = registry.add_histogram("twofold_wait_seconds", "Waits.", {0.125, 0.5, 1}, {{"route", "static"}});
  seconds.observe(0.0625);
  seconds.observe(0.125);  // a bound is inclusive: le="0.125"
  seconds.observe(0.25);
  seconds.observe(7.0);    // above every bound: +Inf only

  EXPECT_EQ(registry.render(),
            "# HELP twofold_wait_seconds Waits.\n"
            "# TYPE twofold_wait_seconds histogram\n"
            "twofold_wait_seconds_bucket{route=\"static\",le=\"0.125\"} 2\n"
            "twofold_wait_seconds_bucket{route=\"static\",le=\"0.5\"} 3\n"
            "twofold_wait_seconds_bucket{route=\"static\",le=\"1\"} 3\n"
            "twofold_wait_seconds_bucket{route=\"static\",le=\"+Inf\"} 4\n"
            "twofold_wait_seconds_sum{route=\"static\"} 7.4375\n"
            "twofold_wait_seconds_count{route=\"static\"} 4\n");
}

TEST(metrics_registry, a_histogram_observes_durations_in_seconds) {
  metric_histogram seconds({0.001, 1});
  seconds.observe(std::chrono::milliseconds{500});

  const auto reading = seconds.read();
  EXPECT_EQ(reading.cumulative, (std::vector<std::uint64_t>{0, 1, 1}));
  EXPECT_DOUBLE_EQ(reading.sum, 0.5);
}

TEST(metrics_registry, counts_from_many_threads_at_once_add_up) {
  metric_registry registry;
  auto& hits = registry.add_counter("twofold_hits_total", "Hits.");
  auto& spread = registry.add_histogram("twofold_spread_seconds", "Spread.", {1});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        hits.add();
        spread.observe(0.5);
      }
    });
  }
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(hits.value(), 40000U);
  EXPECT_EQ(spread.read().cumulative.back(), 40000U);
}

TEST(metrics_text, escapes_label_values_and_help_as_the_format_says) {
  EXPECT_EQ(escape_label_value(R"(a "quoted" C:\path)" "\nnext"), R"(a \"quoted\" C:\\path\nnext)");
  EXPECT_EQ(escape_help("back\\slash \"quotes\" stay\nnew line"), R"(back\\slash "quotes" stay\nnew line)");

  metric_registry registry;
  registry.add_counter("twofold_odd_total", "Odd\nhelp.", {{"value", "say \"hi\"\\"}}).add();
  EXPECT_EQ(registry.render(),
            "# HELP twofold_odd_total Odd\\nhelp.\n"
            "# TYPE twofold_odd_total counter\n"
            "twofold_odd_total{value=\"say \\\"hi\\\"\\\\\"} 1\n");
}

TEST(metrics_text, numbers_are_in_prometheus_form) {
  EXPECT_EQ(metric_number(0.25), "0.25");
  EXPECT_EQ(metric_number(3), "3");
  EXPECT_EQ(metric_number(1e-4), "0.0001");
  EXPECT_EQ(metric_number(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(metric_number(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(metric_number(std::numeric_limits<double>::quiet_NaN()), "NaN");
}

TEST(metrics_text, a_gauge_family_read_at_scrape_time) {
  std::string text;
  const std::vector<gauge_sample> samples{{{{"channel", "mail"}}, 3}, {{{"channel", "sms"}}, 0}};
  append_gauge_family(text, "twofold_outbox_messages", "Waiting.", samples);
  EXPECT_EQ(text,
            "# HELP twofold_outbox_messages Waiting.\n"
            "# TYPE twofold_outbox_messages gauge\n"
            "twofold_outbox_messages{channel=\"mail\"} 3\n"
            "twofold_outbox_messages{channel=\"sms\"} 0\n");
}

TEST(metrics_registry, refuses_what_prometheus_would_refuse) {
  metric_registry registry;
  EXPECT_THROW(registry.add_counter("twofold_hits", "A counter without _total."), std::logic_error);
  EXPECT_THROW(registry.add_gauge("2fa_gauge", "Starts with a digit."), std::logic_error);
  EXPECT_THROW(registry.add_gauge("twofold-gauge", "A dash."), std::logic_error);
  EXPECT_THROW(registry.add_gauge("twofold_gauge", "Bad label.", {{"bad-label", "x"}}), std::logic_error);
  EXPECT_THROW(registry.add_histogram("twofold_h", "le is the histogram's.", {1}, {{"le", "1"}}), std::logic_error);
  EXPECT_THROW(registry.add_histogram("twofold_h", "Descending.", {1, 0.5}), std::logic_error);
  EXPECT_THROW(registry.add_histogram("twofold_h", "No bounds.", {}), std::logic_error);

  registry.add_gauge("twofold_gauge", "Once.", {{"kind", "a"}});
  EXPECT_THROW(registry.add_gauge("twofold_gauge", "Twice.", {{"kind", "a"}}), std::logic_error);
  EXPECT_THROW(registry.add_counter("twofold_gauge", "Another type."), std::logic_error);
}

// The process's instruments: every series exists from the start (a rate
// over a series that appears late misses its first increase), with fixed labels.
TEST(server_metrics, every_series_is_there_before_anything_happens) {
  server_metrics fresh;
  const auto text = fresh.render();
  for (const auto* series : {
           "twofold_http_requests_total{route=\"api_sign_in\",code=\"4xx\"} 0\n",
           "twofold_http_request_duration_seconds_bucket{route=\"static\",le=\"+Inf\"} 0\n",
           "twofold_sign_ins_total{outcome=\"denied\"} 0\n",
           "twofold_second_factor_codes_total{outcome=\"wrong\"} 0\n",
           "twofold_account_locks_total 0\n",
           "twofold_throttled_requests_total{kind=\"sign_in\"} 0\n",
           "twofold_password_hash_queue_length 0\n",
           "twofold_password_hash_wait_seconds_count 0\n",
           "twofold_password_hash_refused_total 0\n",
           "twofold_outbox_deliveries_total{channel=\"sms\",result=\"failed\"} 0\n",
           "twofold_database_errors_total{kind=\"busy\"} 0\n",
           "twofold_open_connections 0\n",
       }) {
    EXPECT_NE(text.find(series), std::string::npos) << series << "\nin\n" << text;
  }
}

TEST(server_metrics, a_request_counts_in_its_route_and_status_class) {
  server_metrics fresh;
  fresh.request_answered(route_class::api_admin, 403, std::chrono::milliseconds{3});
  fresh.request_answered(route_class::api_admin, 200, std::chrono::milliseconds{3});
  fresh.request_answered(route_class::api_admin, 204, std::chrono::seconds{20});
  const auto text = fresh.render();
  EXPECT_NE(text.find("twofold_http_requests_total{route=\"api_admin\",code=\"2xx\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("twofold_http_requests_total{route=\"api_admin\",code=\"4xx\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("twofold_http_request_duration_seconds_bucket{route=\"api_admin\",le=\"0.005\"} 2\n"),
            std::string::npos) << text;
  EXPECT_NE(text.find("twofold_http_request_duration_seconds_bucket{route=\"api_admin\",le=\"10\"} 2\n"),
            std::string::npos) << text;
  EXPECT_NE(text.find("twofold_http_request_duration_seconds_count{route=\"api_admin\"} 3\n"), std::string::npos)
      << text;
}

}  // namespace
}  // namespace twofold::server::testing
