#include "auth/sign_in_throttle.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <utility>
#include <vector>

#include <sodium.h>

#include "client/network_prefix.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

namespace {

using records = std::vector<std::optional<throttle_record>>;
constexpr std::size_t by_address = 0;  // the slots' order: the client's address, then the account
constexpr std::size_t by_account = 1;

int live_in_flight(const throttle_record& record, timestamp now) {
  return record.in_flight_until > now ? record.in_flight : 0;
}

std::chrono::seconds wait_for(const std::optional<throttle_record>& record, const backoff_policy& policy,
                              timestamp now) {
  return record ? retry_after(policy, record->failures, now) : std::chrono::seconds{0};
}

// Whether another attempt may join those in flight without exceeding,
// should all of them fail, what one-at-a-time attempts would get.
bool room_in_flight(const std::optional<throttle_record>& record, const backoff_policy& policy, timestamp now) {
  if (!record || live_in_flight(*record, now) == 0) return true;
  // The count the next failure would build on: a forgotten record counts from zero.
  const int failures = record_failure(policy, record->failures, now).failures - 1;
  return failures + live_in_flight(*record, now) <= policy.free_failures;
}

throttle_record& held(std::optional<throttle_record>& record, timestamp now) {
  if (!record) {
    record = throttle_record{.failures = {.failures = 0, .last_failure = now},
                             .in_flight = 0,
                             .in_flight_until = {},
                             .refused = 0,
                             .tally_key = {}};
  }
  return *record;
}

// An attempt for the key is evaluated, or its record cleared: the window
// ends, and its count is written when more than the first refusal's one.
void end_window(throttle_record& record, std::vector<audit_tally>& ended) {
  if (record.refused > 1) ended.push_back({.tally_key = record.tally_key, .count = record.refused});
  record.refused = 0;
  record.tally_key.clear();
}

// One more refusal; true when it opens the window (its tally key is then `tally_key`).
bool refuse(throttle_record& record, const std::string& tally_key) {
  if (record.refused > 0) {
    if (record.refused < std::numeric_limits<int>::max()) ++record.refused;
    return false;
  }
  record.refused = 1;
  record.tally_key = tally_key;
  return true;
}

void leave(throttle_record& record, timestamp now) { record.in_flight = std::max(live_in_flight(record, now) - 1, 0); }

std::string random_prefix() {
  std::array<unsigned char, 12> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, 2 * bytes.size() + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  return std::string(hex.data());
}

}  // namespace

sign_in_throttle::sign_in_throttle(storage& store, std::string name, backoff_policy per_address,
                                   backoff_policy per_account, std::size_t capacity)
    : store_(store),
      per_address_(per_address),
      per_account_(per_account),
      address_table_(name + ".address"),
      account_table_(name + ".account"),
      capacity_(std::max<std::size_t>(capacity, 1)),
      tally_prefix_(random_prefix()) {}

std::string sign_in_throttle::account_key(std::string_view company_key, std::string_view account) {
  // U+001F (unit separator) cannot occur in a validated company or account.
  std::string key(company_key);
  key += '\x1f';
  key += account;
  return key;
}

std::vector<throttle_slot> sign_in_throttle::slots(std::string_view address, std::string_view account_key) const {
  return {
      throttle_slot{.table = {.name = address_table_, .capacity = capacity_, .forget_after = per_address_.forget_after},
                    .key = throttle_key(address)},
      throttle_slot{.table = {.name = account_table_, .capacity = capacity_, .forget_after = per_account_.forget_after},
                    .key = std::string(account_key)},
  };
}

std::chrono::seconds sign_in_throttle::retry_after(std::string_view address, std::string_view account_key,
                                                   timestamp now) {
  const auto found = store_.find_throttle_records(slots(address, account_key));
  return std::max(wait_for(found[by_address], per_address_, now), wait_for(found[by_account], per_account_, now));
}

std::string sign_in_throttle::next_tally_key() { return tally_prefix_ + ':' + std::to_string(++tallies_); }

throttle_gate sign_in_throttle::begin_attempt(std::string_view address, std::string_view account_key, timestamp now) {
  return attempt(address, account_key, now, admitted::in_flight);
}

throttle_gate sign_in_throttle::count_attempt(std::string_view address, std::string_view account_key, timestamp now) {
  return attempt(address, account_key, now, admitted::failed);
}

throttle_gate sign_in_throttle::attempt(std::string_view address, std::string_view account_key, timestamp now,
                                        admitted as) {
  const std::string tally_key = next_tally_key();  // drawn before: the step may run again
  throttle_gate gate;
  store_.update_throttle(slots(address, account_key), now, [&](const records& before) {
    throttle_writes writes{.records = before, .ended_windows = {}};
    const auto address_wait = wait_for(before[by_address], per_address_, now);
    const auto account_wait = wait_for(before[by_account], per_account_, now);
    gate = throttle_gate{.wait = std::max(address_wait, account_wait), .opened_window = std::nullopt};
    // The window is the refusing key's: the account's when both refuse, as it
    // names who is attacked.
    bool account_refuses = account_wait.count() > 0 || address_wait.count() == 0;
    if (gate.wait.count() == 0) {
      const bool address_room = room_in_flight(before[by_address], per_address_, now);
      const bool account_room = room_in_flight(before[by_account], per_account_, now);
      if (!address_room || !account_room) {
        gate.wait = std::max({per_address_.base_delay, per_account_.base_delay, std::chrono::seconds{1}});
        account_refuses = !account_room;
      }
    }
    if (gate.wait.count() > 0) {
      if (refuse(held(writes.records[account_refuses ? by_account : by_address], now), tally_key)) {
        gate.opened_window = tally_key;
      }
      return writes;
    }
    for (const auto& [slot, policy] : {std::pair{by_address, &per_address_}, std::pair{by_account, &per_account_}}) {
      auto& record = held(writes.records[slot], now);
      end_window(record, writes.ended_windows);
      if (as == admitted::failed) {
        record.failures = record_failure(*policy, record.failures, now);
      } else {
        record.in_flight = live_in_flight(record, now) + 1;
        record.in_flight_until = now + attempt_lease;
      }
    }
    return writes;
  });
  return gate;
}

void sign_in_throttle::end_attempt(std::string_view address, std::string_view account_key, attempt_outcome outcome,
                                   timestamp now) {
  store_.update_throttle(slots(address, account_key), now, [&](const records& before) {
    throttle_writes writes{.records = before, .ended_windows = {}};
    if (outcome == attempt_outcome::failed) {
      for (const auto& [slot, policy] : {std::pair{by_address, &per_address_}, std::pair{by_account, &per_account_}}) {
        auto& record = held(writes.records[slot], now);
        leave(record, now);
        record.failures = record_failure(*policy, record.failures, now);
      }
      return writes;
    }
    // A success clears the account. The address keeps its record: one valid
    // account must not reset the counter for guesses against others.
    if (auto& address_record = writes.records[by_address]) leave(*address_record, now);
    if (auto& account_record = writes.records[by_account]) {
      end_window(*account_record, writes.ended_windows);
      leave(*account_record, now);
      account_record->failures.failures = 0;
      if (account_record->in_flight == 0) account_record.reset();
    }
    return writes;
  });
}

std::size_t sign_in_throttle::addresses_held() { return store_.count_throttle_records(address_table_); }

std::size_t sign_in_throttle::accounts_held() { return store_.count_throttle_records(account_table_); }

}  // namespace twofold::server
