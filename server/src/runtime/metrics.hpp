#pragma once
// A small metrics registry and the Prometheus text exposition format
// (version 0.0.4, https://prometheus.io/docs/instrumenting/exposition_formats/):
// counters, gauges and histograms, each series registered once with a fixed
// set of labels, so the number of series is bounded by the code, never by
// the requests. Updating an instrument is one relaxed atomic operation (no
// lock); registering and rendering take the registry's lock.
//
//   metric_registry registry;
//   auto& failures = registry.add_counter("twofold_failures_total", "Failures.", {{"kind", "io"}});
//   failures.add();
//   std::string text = registry.render();
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace twofold::server {

// A series' labels, in the order rendered: {{"route", "api_admin"}, {"code", "2xx"}}.
using metric_labels = std::vector<std::pair<std::string, std::string>>;

// Only ever goes up (Prometheus counter).
class metric_counter {
 public:
  void add(std::uint64_t amount = 1) { value_.fetch_add(amount, std::memory_order_relaxed); }
  [[nodiscard]] std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

// Goes up and down: things in progress, such as open connections.
class metric_gauge {
 public:
  void add(std::int64_t amount) { value_.fetch_add(amount, std::memory_order_relaxed); }
  void set(std::int64_t value) { value_.store(value, std::memory_order_relaxed); }
  [[nodiscard]] std::int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

// Counts observations into buckets with fixed upper bounds (`le`, inclusive)
// and keeps their sum. Each observation lands in exactly one bucket; the
// cumulative counts Prometheus expects are summed when read.
class metric_histogram {
 public:
  // `upper_bounds`: finite, strictly ascending, at least one; +Inf is implied.
  explicit metric_histogram(std::vector<double> upper_bounds);

  void observe(double value);
  void observe(std::chrono::steady_clock::duration elapsed);  // in seconds

  struct reading {
    std::vector<double> upper_bounds;      // as given, without +Inf
    std::vector<std::uint64_t> cumulative;  // per bound, then one for +Inf (== count)
    double sum = 0;
  };
  [[nodiscard]] reading read() const;

 private:
  std::vector<double> upper_bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // upper_bounds_.size() + 1, the last for +Inf
  std::atomic<double> sum_{0};
};

// Latency buckets in seconds, from a cached answer to a slow password hash.
[[nodiscard]] std::vector<double> latency_buckets();

class metric_registry {
 public:
  metric_registry();
  ~metric_registry();
  metric_registry(const metric_registry&) = delete;
  metric_registry& operator=(const metric_registry&) = delete;

  // Each (name, labels) once; a name keeps its first type and help. Names
  // and label names must be Prometheus names, counters end in _total: a
  // mistake there is a programming error (std::logic_error).
  metric_counter& add_counter(std::string_view name, std::string_view help, metric_labels labels = {});
  metric_gauge& add_gauge(std::string_view name, std::string_view help, metric_labels labels = {});
  metric_histogram& add_histogram(std::string_view name, std::string_view help, std::vector<double> upper_bounds,
                                  metric_labels labels = {});

  // Every family in the order first registered, each with # HELP and # TYPE.
  [[nodiscard]] std::string render() const;

 private:
  enum class kind { counter, gauge, histogram };
  struct series;
  struct family;
  family& family_for(std::string_view name, std::string_view help, kind type, const metric_labels& labels);

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<family>> families_;
};

// A gauge read at scrape time (an outbox's depth): one sample of a family.
struct gauge_sample {
  metric_labels labels;
  double value = 0;
};

// Appends a whole gauge family, # HELP and # TYPE included, to `text`.
void append_gauge_family(std::string& text, std::string_view name, std::string_view help,
                         std::span<const gauge_sample> samples);

// The exposition format's escapes: HELP text (\\ and \n), label values (\\, \" and \n).
[[nodiscard]] std::string escape_help(std::string_view text);
[[nodiscard]] std::string escape_label_value(std::string_view text);
// A sample value or bound as Prometheus reads it: shortest round-trip form, +Inf, -Inf, NaN.
[[nodiscard]] std::string metric_number(double value);

// The Content-Type of render()'s text.
inline constexpr std::string_view metrics_content_type = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace twofold::server
