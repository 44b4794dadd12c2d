#include "runtime/metrics.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <functional>
#include <stdexcept>

namespace twofold::server {

namespace {

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// [a-zA-Z_:][a-zA-Z0-9_:]* for metric names; label names without the colon.
bool is_prometheus_name(std::string_view name, bool colon_allowed) {
  const auto allowed = [&](char c, bool first) {
    return is_name_start(c) || (colon_allowed && c == ':') || (!first && is_digit(c));
  };
  if (name.empty() || !allowed(name.front(), true)) return false;
  return std::all_of(name.begin() + 1, name.end(), [&](char c) { return allowed(c, false); });
}

void check_labels(std::string_view name, const metric_labels& labels) {
  for (const auto& [label, value] : labels) {
    // "le" is the histogram's own; names starting "__" are Prometheus's.
    if (!is_prometheus_name(label, false) || label == "le" || label.starts_with("__")) {
      throw std::logic_error("metric " + std::string(name) + ": bad label name \"" + label + "\"");
    }
  }
}

// {route="static",le="0.5"}; nothing without labels.
std::string label_text(const metric_labels& labels, std::string_view extra_name = {}, std::string_view extra_value = {}) {
  if (labels.empty() && extra_name.empty()) return {};
  std::string text = "{";
  for (const auto& [label, value] : labels) {
    if (text.size() > 1) text += ',';
    text += label + "=\"" + escape_label_value(value) + '"';
  }
  if (!extra_name.empty()) {
    if (text.size() > 1) text += ',';
    text += std::string(extra_name) + "=\"" + escape_label_value(extra_value) + '"';
  }
  return text + "}";
}

void append_header(std::string& text, std::string_view name, std::string_view help, std::string_view type) {
  text += "# HELP " + std::string(name) + ' ' + escape_help(help) + '\n';
  text += "# TYPE " + std::string(name) + ' ' + std::string(type) + '\n';
}

void append_sample(std::string& text, std::string_view name, const std::string& labels, std::string_view value) {
  text += std::string(name) + labels + ' ' + std::string(value) + '\n';
}

}  // namespace

// ── Instruments ─────────────────────────────────────────────────────────────

metric_histogram::metric_histogram(std::vector<double> upper_bounds)
    : upper_bounds_(std::move(upper_bounds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(upper_bounds_.size() + 1)) {
  const bool finite = std::all_of(upper_bounds_.begin(), upper_bounds_.end(), [](double b) { return std::isfinite(b); });
  const bool ascending = std::adjacent_find(upper_bounds_.begin(), upper_bounds_.end(), std::greater_equal<>()) ==
                         upper_bounds_.end();
  if (upper_bounds_.empty() || !finite || !ascending) {
    throw std::logic_error("histogram bounds must be finite, strictly ascending and at least one");
  }
}

void metric_histogram::observe(double value) {
  // The first bound at or above the value; past the last one: +Inf.
  const auto at = std::lower_bound(upper_bounds_.begin(), upper_bounds_.end(), value);
  buckets_[static_cast<std::size_t>(at - upper_bounds_.begin())].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

void metric_histogram::observe(std::chrono::steady_clock::duration elapsed) {
  observe(std::chrono::duration<double>(elapsed).count());
}

metric_histogram::reading metric_histogram::read() const {
  reading now{.upper_bounds = upper_bounds_, .cumulative = {}, .sum = sum_.load(std::memory_order_relaxed)};
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= upper_bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    now.cumulative.push_back(running);
  }
  return now;
}

std::vector<double> latency_buckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

// ── The registry ────────────────────────────────────────────────────────────

struct metric_registry::series {
  metric_labels labels;
  std::unique_ptr<metric_counter> counter;
  std::unique_ptr<metric_gauge> gauge;
  std::unique_ptr<metric_histogram> histogram;
};

struct metric_registry::family {
  std::string name;
  std::string help;
  kind type = kind::counter;
  std::vector<series> members;
};

metric_registry::metric_registry() = default;
metric_registry::~metric_registry() = default;

metric_registry::family& metric_registry::family_for(std::string_view name, std::string_view help, kind type,
                                                     const metric_labels& labels) {
  if (!is_prometheus_name(name, true)) throw std::logic_error("bad metric name \"" + std::string(name) + "\"");
  if (type == kind::counter && !name.ends_with("_total")) {
    throw std::logic_error("counter " + std::string(name) + " must end in _total");
  }
  check_labels(name, labels);
  auto found = std::find_if(families_.begin(), families_.end(), [&](const auto& each) { return each->name == name; });
  if (found == families_.end()) {
    families_.push_back(std::make_unique<family>(family{std::string(name), std::string(help), type, {}}));
    return *families_.back();
  }
  auto& existing = **found;
  if (existing.type != type) throw std::logic_error("metric " + std::string(name) + " registered with two types");
  const bool taken = std::any_of(existing.members.begin(), existing.members.end(),
                                 [&](const series& each) { return each.labels == labels; });
  if (taken) throw std::logic_error("metric " + std::string(name) + " registered twice with the same labels");
  return existing;
}

metric_counter& metric_registry::add_counter(std::string_view name, std::string_view help, metric_labels labels) {
  std::lock_guard lock(mutex_);
  auto& into = family_for(name, help, kind::counter, labels);
  into.members.push_back(series{std::move(labels), std::make_unique<metric_counter>(), nullptr, nullptr});
  return *into.members.back().counter;
}

metric_gauge& metric_registry::add_gauge(std::string_view name, std::string_view help, metric_labels labels) {
  std::lock_guard lock(mutex_);
  auto& into = family_for(name, help, kind::gauge, labels);
  into.members.push_back(series{std::move(labels), nullptr, std::make_unique<metric_gauge>(), nullptr});
  return *into.members.back().gauge;
}

metric_histogram& metric_registry::add_histogram(std::string_view name, std::string_view help,
                                                 std::vector<double> upper_bounds, metric_labels labels) {
  std::lock_guard lock(mutex_);
  auto made = std::make_unique<metric_histogram>(std::move(upper_bounds));
  auto& into = family_for(name, help, kind::histogram, labels);
  into.members.push_back(series{std::move(labels), nullptr, nullptr, std::move(made)});
  return *into.members.back().histogram;
}

std::string metric_registry::render() const {
  std::lock_guard lock(mutex_);
  std::string text;
  for (const auto& each : families_) {
    const std::string_view type = each->type == kind::counter ? "counter" : each->type == kind::gauge ? "gauge" : "histogram";
    append_header(text, each->name, each->help, type);
    for (const auto& member : each->members) {
      if (member.counter) append_sample(text, each->name, label_text(member.labels), std::to_string(member.counter->value()));
      if (member.gauge) append_sample(text, each->name, label_text(member.labels), std::to_string(member.gauge->value()));
      if (!member.histogram) continue;
      const auto now = member.histogram->read();
      for (std::size_t i = 0; i < now.cumulative.size(); ++i) {
        const auto bound = i < now.upper_bounds.size() ? metric_number(now.upper_bounds[i]) : std::string("+Inf");
        append_sample(text, each->name + "_bucket", label_text(member.labels, "le", bound),
                      std::to_string(now.cumulative[i]));
      }
      append_sample(text, each->name + "_sum", label_text(member.labels), metric_number(now.sum));
      append_sample(text, each->name + "_count", label_text(member.labels), std::to_string(now.cumulative.back()));
    }
  }
  return text;
}

// ── Text ────────────────────────────────────────────────────────────────────

void append_gauge_family(std::string& text, std::string_view name, std::string_view help,
                         std::span<const gauge_sample> samples) {
  if (!is_prometheus_name(name, true)) throw std::logic_error("bad metric name \"" + std::string(name) + "\"");
  append_header(text, name, help, "gauge");
  for (const auto& sample : samples) {
    check_labels(name, sample.labels);
    append_sample(text, name, label_text(sample.labels), metric_number(sample.value));
  }
}

std::string escape_help(std::string_view text) {
  std::string escaped;
  for (const char c : text) {
    if (c == '\\') escaped += "\\\\";
    else if (c == '\n') escaped += "\\n";
    else escaped += c;
  }
  return escaped;
}

std::string escape_label_value(std::string_view text) {
  std::string escaped;
  for (const char c : text) {
    if (c == '"') escaped += "\\\"";
    else if (c == '\\') escaped += "\\\\";
    else if (c == '\n') escaped += "\\n";
    else escaped += c;
  }
  return escaped;
}

std::string metric_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  std::array<char, 32> buffer{};
  const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::general);
  if (error != std::errc{}) return "NaN";
  return std::string(buffer.data(), end);
}

}  // namespace twofold::server
