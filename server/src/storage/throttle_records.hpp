#pragma once
// The throttles' records as the storage keeps them (auth/sign_in_throttle.hpp
// decides with them). They live in the database, not in a server's memory,
// so every server on one database counts the same failures and holds the
// same back-offs.
//
// A throttle has tables (e.g. "sign_in.address", "sign_in.account"), each
// bounded: a record new to a table first drops the table's quiet records
// (no failure for forget_after and nothing in flight), then, while the table
// holds more than its capacity, the least useful one: the fewest failures,
// the oldest of those first, never one with an attempt in flight (so a table
// may pass its capacity by the attempts in flight at most). A flood of
// made-up keys (one failure each) therefore pushes out such keys, never a
// record that holds a back-off. Each of these steps walks an index and the
// tables' sizes are kept apart, so none costs a scan of the table.
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "storage/records.hpp"
#include "twofold/security/backoff.hpp"

namespace twofold::server {

struct throttle_table {
  std::string name;  // e.g. "sign_in.address"
  std::size_t capacity = 1;
  std::chrono::seconds forget_after{0};  // the policy's: a record this quiet counts from zero anyway
};

// Where a record lives: its table and key.
struct throttle_slot {
  throttle_table table;
  std::string key;
};

struct throttle_record {
  failure_record failures;        // the core's back-off record
  int in_flight = 0;              // attempts being evaluated ...
  timestamp in_flight_until{};    // ... counted until then only: a server that died ends its attempts
  int refused = 0;                // attempts refused in the current back-off window
  std::string tally_key;          // the window's audit row, once one was refused
};

// What one throttle step writes: each slot's record, in the order of the
// slots (empty: none any more), and the final counts of the back-off
// windows that ended (written into their audit rows, audit_tally).
struct throttle_writes {
  std::vector<std::optional<throttle_record>> records;
  std::vector<audit_tally> ended_windows;
};

// Decides from the slots' records as read (empty where there is none), in
// the order of the slots. Pure: it may be run again when a transaction is
// retried, and must not call the storage.
using throttle_step = std::function<throttle_writes(const std::vector<std::optional<throttle_record>>& records)>;

}  // namespace twofold::server
