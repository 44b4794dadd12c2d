#include "auth/sign_in_throttle.hpp"

#include <algorithm>

#include "client/network_prefix.hpp"

namespace twofold::server {

namespace {

// Above this many records a failure also sweeps out the forgotten ones.
constexpr std::size_t sweep_threshold = 10'000;

std::chrono::seconds wait_for(const std::unordered_map<std::string, failure_record>& records,
                              const backoff_policy& policy, std::string_view key, timestamp now) {
  auto it = records.find(std::string(key));
  if (it == records.end()) return std::chrono::seconds{0};
  return retry_after(policy, it->second, now);
}

void remember_failure(std::unordered_map<std::string, failure_record>& records, const backoff_policy& policy,
                      std::string_view key, timestamp now) {
  auto& record = records[std::string(key)];
  record = record_failure(policy, record, now);
}

// Whether another attempt may join those in flight for `key` without
// exceeding, should all of them fail, what one-at-a-time attempts would get.
bool room_in_flight(const std::unordered_map<std::string, failure_record>& records,
                    const std::unordered_map<std::string, int>& in_flight, const backoff_policy& policy,
                    const std::string& key, timestamp now) {
  const auto busy = in_flight.find(key);
  if (busy == in_flight.end()) return true;
  const auto found = records.find(key);
  // The count the next failure would build on: a forgotten record counts from zero.
  const int failures = found == records.end() ? 0 : record_failure(policy, found->second, now).failures - 1;
  return failures + busy->second <= policy.free_failures;
}

void leave(std::unordered_map<std::string, int>& in_flight, const std::string& key) {
  const auto busy = in_flight.find(key);
  if (busy == in_flight.end()) return;
  if (--busy->second == 0) in_flight.erase(busy);
}

void drop_older_than(std::unordered_map<std::string, failure_record>& records, std::chrono::seconds age,
                     timestamp now) {
  std::erase_if(records, [&](const auto& entry) { return now - entry.second.last_failure >= age; });
}

}  // namespace

sign_in_throttle::sign_in_throttle(backoff_policy per_address, backoff_policy per_account)
    : per_address_(per_address), per_account_(per_account) {}

std::string sign_in_throttle::account_key(std::string_view company_key, std::string_view account) {
  // U+001F (unit separator) cannot occur in a validated company or account.
  std::string key(company_key);
  key += '\x1f';
  key += account;
  return key;
}

std::chrono::seconds sign_in_throttle::retry_after(std::string_view address, std::string_view account_key,
                                                   timestamp now) const {
  std::lock_guard lock(mutex_);
  return std::max(wait_for(by_address_, per_address_, throttle_key(address), now),
                  wait_for(by_account_, per_account_, account_key, now));
}

std::chrono::seconds sign_in_throttle::begin_attempt(std::string_view address, std::string_view account_key,
                                                     timestamp now) {
  std::lock_guard lock(mutex_);
  const std::string address_key = throttle_key(address);
  const std::string account(account_key);
  const auto wait = std::max(wait_for(by_address_, per_address_, address_key, now),
                             wait_for(by_account_, per_account_, account, now));
  if (wait.count() > 0) return wait;
  if (!room_in_flight(by_address_, in_flight_by_address_, per_address_, address_key, now) ||
      !room_in_flight(by_account_, in_flight_by_account_, per_account_, account, now)) {
    return std::max({per_address_.base_delay, per_account_.base_delay, std::chrono::seconds{1}});
  }
  ++in_flight_by_address_[address_key];
  ++in_flight_by_account_[account];
  return std::chrono::seconds{0};
}

void sign_in_throttle::end_attempt(std::string_view address, std::string_view account_key) {
  std::lock_guard lock(mutex_);
  leave(in_flight_by_address_, throttle_key(address));
  leave(in_flight_by_account_, std::string(account_key));
}

void sign_in_throttle::record_failure(std::string_view address, std::string_view account_key, timestamp now) {
  std::lock_guard lock(mutex_);
  remember_failure(by_address_, per_address_, throttle_key(address), now);
  remember_failure(by_account_, per_account_, account_key, now);
  drop_forgotten(now);
}

void sign_in_throttle::clear_account(std::string_view account_key) {
  std::lock_guard lock(mutex_);
  by_account_.erase(std::string(account_key));
}

void sign_in_throttle::drop_forgotten(timestamp now) {
  if (by_address_.size() > sweep_threshold) drop_older_than(by_address_, per_address_.forget_after, now);
  if (by_account_.size() > sweep_threshold) drop_older_than(by_account_, per_account_.forget_after, now);
}

}  // namespace twofold::server
