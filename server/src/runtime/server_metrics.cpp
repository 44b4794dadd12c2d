#include "runtime/server_metrics.hpp"

#include <algorithm>

namespace twofold::server {

namespace {

constexpr std::array sign_in_result_names{"signed_in", "second_factor", "new_password", "setup_required",
                                          "denied",    "throttled",     "locked"};
constexpr std::array code_result_names{"right", "wrong", "locked", "expired", "refused"};
constexpr std::array throttle_kind_names{"sign_in", "step_up", "forgot_password", "resend"};
constexpr std::array database_error_names{"busy", "locked", "io", "full", "constraint", "corrupt", "other"};
constexpr std::array channel_names{"mail", "sms"};
constexpr std::array status_class_names{"2xx", "3xx", "4xx", "5xx"};

// Waiting for a hashing thread: none at all, up to several hashes' time.
std::vector<double> hash_wait_buckets() { return {0.0001, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5}; }

template <class Enum>
std::size_t index_of(Enum value) {
  return static_cast<std::size_t>(value);
}

}  // namespace

std::string_view route_class_name(route_class of) {
  switch (of) {
    case route_class::static_file: return "static";
    case route_class::api_sign_in: return "api_sign_in";
    case route_class::api_two_factor: return "api_two_factor";
    case route_class::api_admin: return "api_admin";
    case route_class::api_other: return "api_other";
    case route_class::health: return "health";
    case route_class::metrics: return "metrics";
    case route_class::transport: return "transport";
  }
  return "transport";
}

server_metrics& server_metrics::process() {
  static server_metrics instance;
  return instance;
}

server_metrics::server_metrics()
    : open_connections_(registry_.add_gauge("twofold_open_connections", "Client connections open now.")),
      locks_(registry_.add_counter("twofold_account_locks_total", "Accounts locked by wrong second-factor codes.")),
      hash_queue_(registry_.add_gauge("twofold_password_hash_queue_length",
                                      "Requests that may hash a password waiting for a hashing thread now.")),
      hash_wait_(registry_.add_histogram("twofold_password_hash_wait_seconds",
                                         "How long each request that may hash a password waited for a hashing thread.",
                                         hash_wait_buckets())),
      hash_refusals_(registry_.add_counter("twofold_password_hash_refused_total",
                                           "Requests that may hash a password refused with 503: the queue was full.")) {
  static_assert(sign_in_result_names.size() == std::tuple_size_v<decltype(sign_ins_)>);
  static_assert(code_result_names.size() == std::tuple_size_v<decltype(codes_)>);
  static_assert(throttle_kind_names.size() == std::tuple_size_v<decltype(throttled_)>);
  static_assert(database_error_names.size() == std::tuple_size_v<decltype(database_errors_)>);
  for (const auto route : all_route_classes) {
    const std::string name(route_class_name(route));
    for (std::size_t status = 0; status < status_classes; ++status) {
      requests_[index_of(route)][status] =
          &registry_.add_counter("twofold_http_requests_total", "HTTP requests answered, by route class and status class.",
                                 {{"route", name}, {"code", status_class_names[status]}});
    }
    request_seconds_[index_of(route)] = &registry_.add_histogram(
        "twofold_http_request_duration_seconds", "From a request read to its answer written, by route class.",
        latency_buckets(), {{"route", name}});
  }
  for (std::size_t i = 0; i < sign_ins_.size(); ++i) {
    sign_ins_[i] = &registry_.add_counter("twofold_sign_ins_total", "Password steps of sign-ins, by outcome.",
                                          {{"outcome", sign_in_result_names[i]}});
  }
  for (std::size_t i = 0; i < codes_.size(); ++i) {
    codes_[i] = &registry_.add_counter("twofold_second_factor_codes_total",
                                       "Second-factor codes typed at sign-in, by outcome.",
                                       {{"outcome", code_result_names[i]}});
  }
  for (std::size_t i = 0; i < throttled_.size(); ++i) {
    throttled_[i] = &registry_.add_counter("twofold_throttled_requests_total",
                                           "Requests answered 429, by what was held back.",
                                           {{"kind", throttle_kind_names[i]}});
  }
  for (std::size_t channel = 0; channel < channel_names.size(); ++channel) {
    for (const bool sent : {false, true}) {
      deliveries_[channel][sent ? 1 : 0] = &registry_.add_counter(
          "twofold_outbox_deliveries_total", "Delivery attempts of outbox messages, by channel and result.",
          {{"channel", channel_names[channel]}, {"result", sent ? "sent" : "failed"}});
    }
  }
  for (std::size_t i = 0; i < database_errors_.size(); ++i) {
    database_errors_[i] = &registry_.add_counter("twofold_database_errors_total",
                                                 "Errors the database returned, by kind.",
                                                 {{"kind", database_error_names[i]}});
  }
}

void server_metrics::request_answered(route_class route, unsigned status, std::chrono::steady_clock::duration elapsed) {
  const std::size_t status_class = std::clamp<std::size_t>(status / 100, 2, status_classes + 1) - 2;
  requests_[index_of(route)][status_class]->add();
  request_seconds_[index_of(route)]->observe(elapsed);
}

void server_metrics::sign_in_step(sign_in_result result) { sign_ins_[index_of(result)]->add(); }

void server_metrics::second_factor_code(code_result result) { codes_[index_of(result)]->add(); }

void server_metrics::throttled(throttle_kind kind) { throttled_[index_of(kind)]->add(); }

void server_metrics::hash_started(std::chrono::steady_clock::duration waited) {
  hash_queue_.add(-1);
  hash_wait_.observe(waited);
}

void server_metrics::outbox_delivery(std::string_view channel, bool sent) {
  const std::size_t index = channel == "sms" ? 1 : 0;
  deliveries_[index][sent ? 1 : 0]->add();
}

void server_metrics::database_error(database_error_kind kind) { database_errors_[index_of(kind)]->add(); }

}  // namespace twofold::server
