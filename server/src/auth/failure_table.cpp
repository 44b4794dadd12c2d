#include "auth/failure_table.hpp"

namespace twofold::server {

namespace {

std::int64_t seconds_at(timestamp at) { return at.time_since_epoch().count(); }

}  // namespace

failure_table::failure_table(backoff_policy policy, std::size_t capacity)
    : policy_(policy), capacity_(capacity < 1 ? 1 : capacity) {}

const throttle_entry* failure_table::find(const std::string& key) const {
  const auto found = entries_.find(key);
  return found == entries_.end() ? nullptr : &found->second;
}

throttle_entry& failure_table::entry_for(const std::string& key, timestamp now) {
  if (const auto found = entries_.find(key); found != entries_.end()) return found->second;
  if (entries_.size() >= capacity_) evict_one(now);
  auto& entry = entries_[key];
  entry.record.last_failure = now;
  index(key, entry);
  return entry;
}

void failure_table::evict_one(timestamp now) {
  const auto& oldest = *by_age_.begin();
  const bool quiet = now - timestamp{std::chrono::seconds{oldest.first}} >= policy_.forget_after;
  const std::string key = quiet ? oldest.second : std::get<2>(*by_usefulness_.begin());
  erase(key);
}

void failure_table::record_failure(const std::string& key, timestamp now) {
  auto& entry = entry_for(key, now);
  unindex(key, entry);
  entry.record = twofold::record_failure(policy_, entry.record, now);
  index(key, entry);
}

std::optional<std::string> failure_table::refuse(const std::string& key, timestamp now,
                                                 const std::string& new_tally_key) {
  auto& entry = entry_for(key, now);
  if (entry.refused++ > 0) return std::nullopt;
  entry.tally_key = new_tally_key;
  return new_tally_key;
}

void failure_table::end_window(const std::string& key) {
  if (const auto found = entries_.find(key); found != entries_.end()) close(found->second);
}

void failure_table::erase(const std::string& key) {
  const auto found = entries_.find(key);
  if (found == entries_.end()) return;
  close(found->second);
  unindex(key, found->second);
  entries_.erase(found);
}

std::vector<audit_tally> failure_table::take_ended_windows() { return std::exchange(ended_, {}); }

void failure_table::close(throttle_entry& entry) {
  if (entry.refused > 1) ended_.push_back({.tally_key = entry.tally_key, .count = entry.refused});
  entry.refused = 0;
  entry.tally_key.clear();
}

void failure_table::unindex(const std::string& key, const throttle_entry& entry) {
  const auto last = seconds_at(entry.record.last_failure);
  by_usefulness_.erase({entry.record.failures, last, key});
  by_age_.erase({last, key});
}

void failure_table::index(const std::string& key, const throttle_entry& entry) {
  const auto last = seconds_at(entry.record.last_failure);
  by_usefulness_.insert({entry.record.failures, last, key});
  by_age_.insert({last, key});
}

}  // namespace twofold::server
