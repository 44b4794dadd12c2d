#pragma once
// The throttle's records for one kind of key (client addresses, or
// accounts), never more than `capacity` of them whatever the number of keys.
//
// When full, a new key takes the place of the least useful record: the
// oldest one if it has been quiet for the policy's forget_after (it would
// count from zero anyway), else the one with the fewest failures, the oldest
// of those first. A flood of made-up keys (one failure each) therefore
// pushes out other such keys, never a record that holds a back-off: an
// attacker cannot reset his own record by flooding the table.
//
// Each record also counts the attempts refused in its current back-off
// window, so a window is audited once with a count (throttle_window_tally),
// not once per refused request. A window ends when an attempt for the key
// is evaluated again, or when its record is evicted.
//
// Not thread-safe: sign_in_throttle holds the lock.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "storage/records.hpp"
#include "twofold/security/backoff.hpp"

namespace twofold::server {

struct throttle_entry {
  failure_record record;
  int refused = 0;        // attempts refused in the current window
  std::string tally_key;  // the window's audit row, once one was refused
};

class failure_table {
 public:
  // `capacity` >= 1.
  failure_table(backoff_policy policy, std::size_t capacity);

  [[nodiscard]] const throttle_entry* find(const std::string& key) const;
  [[nodiscard]] std::size_t size() const { return entries_.size(); }

  // One more failure for `key` at `now` (a record is made when missing).
  void record_failure(const std::string& key, timestamp now);
  // A refused attempt for `key` (a record is made when missing). Returns the
  // window's new tally key when this is the window's first refusal.
  [[nodiscard]] std::optional<std::string> refuse(const std::string& key, timestamp now,
                                                  const std::string& new_tally_key);
  // An attempt for `key` is evaluated: its window, if any, ends.
  void end_window(const std::string& key);
  void erase(const std::string& key);

  // The windows ended since the last call that refused more than one attempt
  // (the first refusal wrote its row with a count of one).
  [[nodiscard]] std::vector<audit_tally> take_ended_windows();

 private:
  using usefulness = std::tuple<int, std::int64_t, std::string>;  // failures, last failure, key
  using age = std::pair<std::int64_t, std::string>;               // last failure, key

  throttle_entry& entry_for(const std::string& key, timestamp now);
  void evict_one(timestamp now);
  void unindex(const std::string& key, const throttle_entry& entry);
  void index(const std::string& key, const throttle_entry& entry);
  void close(throttle_entry& entry);

  backoff_policy policy_;
  std::size_t capacity_;
  std::unordered_map<std::string, throttle_entry> entries_;
  std::set<usefulness> by_usefulness_;
  std::set<age> by_age_;
  std::vector<audit_tally> ended_;
};

}  // namespace twofold::server
