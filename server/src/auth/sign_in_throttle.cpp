#include "auth/sign_in_throttle.hpp"

#include <algorithm>
#include <array>

#include <sodium.h>

#include "client/network_prefix.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

namespace {

std::chrono::seconds wait_for(const failure_table& records, const backoff_policy& policy, const std::string& key,
                              timestamp now) {
  const auto* entry = records.find(key);
  if (entry == nullptr) return std::chrono::seconds{0};
  return retry_after(policy, entry->record, now);
}

// Whether another attempt may join those in flight for `key` without
// exceeding, should all of them fail, what one-at-a-time attempts would get.
bool room_in_flight(const failure_table& records, const std::unordered_map<std::string, int>& in_flight,
                    const backoff_policy& policy, const std::string& key, timestamp now) {
  const auto busy = in_flight.find(key);
  if (busy == in_flight.end()) return true;
  const auto* entry = records.find(key);
  // The count the next failure would build on: a forgotten record counts from zero.
  const int failures = entry == nullptr ? 0 : record_failure(policy, entry->record, now).failures - 1;
  return failures + busy->second <= policy.free_failures;
}

void leave(std::unordered_map<std::string, int>& in_flight, const std::string& key) {
  const auto busy = in_flight.find(key);
  if (busy == in_flight.end()) return;
  if (--busy->second == 0) in_flight.erase(busy);
}

std::string random_prefix() {
  std::array<unsigned char, 12> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, 2 * bytes.size() + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  return std::string(hex.data());
}

}  // namespace

sign_in_throttle::sign_in_throttle(backoff_policy per_address, backoff_policy per_account, std::size_t capacity)
    : per_address_(per_address),
      per_account_(per_account),
      by_address_(per_address, capacity),
      by_account_(per_account, capacity),
      tally_prefix_(random_prefix()) {}

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
                  wait_for(by_account_, per_account_, std::string(account_key), now));
}

std::string sign_in_throttle::next_tally_key() { return tally_prefix_ + ':' + std::to_string(++tallies_); }

throttle_gate sign_in_throttle::begin_attempt(std::string_view address, std::string_view account_key, timestamp now) {
  std::lock_guard lock(mutex_);
  const std::string address_key = throttle_key(address);
  const std::string account(account_key);
  const auto address_wait = wait_for(by_address_, per_address_, address_key, now);
  const auto account_wait = wait_for(by_account_, per_account_, account, now);
  throttle_gate gate{.wait = std::max(address_wait, account_wait), .opened_window = std::nullopt, .ended_windows = {}};
  // The window is the refusing key's: the account's when both refuse, as it
  // names who is attacked.
  bool account_refuses = account_wait.count() > 0 || address_wait.count() == 0;
  if (gate.wait.count() == 0) {
    const bool address_room = room_in_flight(by_address_, in_flight_by_address_, per_address_, address_key, now);
    const bool account_room = room_in_flight(by_account_, in_flight_by_account_, per_account_, account, now);
    if (!address_room || !account_room) {
      gate.wait = std::max({per_address_.base_delay, per_account_.base_delay, std::chrono::seconds{1}});
      account_refuses = !account_room;
    }
  }
  if (gate.wait.count() > 0) {
    gate.opened_window = account_refuses ? by_account_.refuse(account, now, next_tally_key())
                                         : by_address_.refuse(address_key, now, next_tally_key());
  } else {
    by_address_.end_window(address_key);
    by_account_.end_window(account);
    ++in_flight_by_address_[address_key];
    ++in_flight_by_account_[account];
  }
  gate.ended_windows = by_address_.take_ended_windows();
  auto by_account = by_account_.take_ended_windows();
  gate.ended_windows.insert(gate.ended_windows.end(), by_account.begin(), by_account.end());
  return gate;
}

void sign_in_throttle::end_attempt(std::string_view address, std::string_view account_key) {
  std::lock_guard lock(mutex_);
  leave(in_flight_by_address_, throttle_key(address));
  leave(in_flight_by_account_, std::string(account_key));
}

void sign_in_throttle::record_failure(std::string_view address, std::string_view account_key, timestamp now) {
  std::lock_guard lock(mutex_);
  by_address_.record_failure(throttle_key(address), now);
  by_account_.record_failure(std::string(account_key), now);
}

void sign_in_throttle::clear_account(std::string_view account_key) {
  std::lock_guard lock(mutex_);
  by_account_.erase(std::string(account_key));
}

std::size_t sign_in_throttle::addresses_held() const {
  std::lock_guard lock(mutex_);
  return by_address_.size();
}

std::size_t sign_in_throttle::accounts_held() const {
  std::lock_guard lock(mutex_);
  return by_account_.size();
}

void write_window_counts(storage& store, std::vector<audit_tally> ended) {
  if (ended.empty()) return;
  change_set changes;
  changes.audit_tallies = std::move(ended);
  store.apply(changes);
}

}  // namespace twofold::server
