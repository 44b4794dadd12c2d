#pragma once
// Throttling of failed sign-ins. One back-off record per client (its
// address's throttle_key, client/network_prefix.hpp: an IPv6 host counts by
// its /64) and one per (company, account) as typed; an attempt waits for the
// stricter of the two (twofold/security/backoff.hpp; NIST SP 800-63B §5.2.2
// rate limiting). Checked before the password is verified, so a throttled
// guess costs no hash.
//
// The records live in the storage (storage/throttle_records.hpp), not in
// this process: every server on one database counts the same failures and
// holds the same back-offs. Each check-and-record is one storage step (read
// and write in one transaction), so parallel attempts on any server are
// counted one after another. Each kind of key is a bounded table, so no
// number of addresses or made-up accounts can fill the database, and a flood
// of them never evicts a record that holds a back-off.
//
// A refused attempt is audited once per key and back-off window: the first
// refusal of a window gets a tally key (its audit row carries a count of
// one), the others are only counted in the record, and when the window ends
// (an attempt for the key is evaluated again, or the record is dropped) the
// storage writes the count into that row in the same step.
//
// Checking and counting are apart (the password is verified in between), so
// parallel guesses could all pass one check before any of them is counted.
// Attempts are therefore tracked while in flight: one may start only while
// the failures so far plus those in flight stay within the free failures, or
// when nothing else is in flight for that address and account. An attempt
// in flight counts for attempt_lease at most, so those of a server that died
// do not hold a key back for longer.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/records.hpp"
#include "storage/throttle_records.hpp"
#include "twofold/security/backoff.hpp"

namespace twofold::server {

class storage;

// Several people behind one office NAT share an address, so the address gets
// more free failures than a single account.
inline constexpr backoff_policy account_backoff{};
inline constexpr backoff_policy address_backoff{.free_failures = 20,
                                                .base_delay = account_backoff.base_delay,
                                                .max_delay = account_backoff.max_delay,
                                                .forget_after = account_backoff.forget_after};

// Records kept per kind of key, so the tables of a throttle stay within a
// few tens of MiB whatever is sent.
inline constexpr std::size_t default_throttle_capacity = 50'000;

// How long an attempt counts as in flight at most: far beyond a password
// check, even one queued for a hash slot.
inline constexpr std::chrono::seconds attempt_lease{60};

// What begin_attempt decided.
struct throttle_gate {
  std::chrono::seconds wait{0};  // zero: the attempt may be evaluated (and, from begin_attempt, is in flight)
  // Refused, and the first refusal of its window: the tally key of the one
  // audit row to write for the window.
  std::optional<std::string> opened_window;
};

// How an attempt in flight ended.
enum class attempt_outcome {
  failed,     // counts against the address and the account
  succeeded,  // clears the account; the address keeps its record
};

class sign_in_throttle {
 public:
  // `name` tells this throttle's tables from another's on the same storage
  // ("sign_in", "forgot_password"); `capacity` >= 1 records per kind of key.
  sign_in_throttle(storage& store, std::string name, backoff_policy per_address = address_backoff,
                   backoff_policy per_account = account_backoff, std::size_t capacity = default_throttle_capacity);

  // The key of a (company, account) pair; both already normalised.
  [[nodiscard]] static std::string account_key(std::string_view company_key, std::string_view account);

  // Zero when an attempt may be evaluated now, ignoring attempts in flight.
  [[nodiscard]] std::chrono::seconds retry_after(std::string_view address, std::string_view account_key,
                                                 timestamp now);
  // wait zero when an attempt may be evaluated now; it is then in flight
  // until end_attempt, which the caller calls with its outcome. Otherwise
  // the seconds to wait (at least the base delay when only attempts in
  // flight are in the way).
  [[nodiscard]] throttle_gate begin_attempt(std::string_view address, std::string_view account_key, timestamp now);
  // Ends an attempt in flight (a failure recorded without one counts all the same).
  void end_attempt(std::string_view address, std::string_view account_key, attempt_outcome outcome, timestamp now);
  // An attempt that fails whatever comes of it, begun and ended in one step
  // (forgot-password: every request counts, found or not).
  [[nodiscard]] throttle_gate count_attempt(std::string_view address, std::string_view account_key, timestamp now);

  // Records held, per kind of key (never above the capacity).
  [[nodiscard]] std::size_t addresses_held();
  [[nodiscard]] std::size_t accounts_held();

 private:
  enum class admitted { in_flight, failed };
  [[nodiscard]] std::vector<throttle_slot> slots(std::string_view address, std::string_view account_key) const;
  [[nodiscard]] throttle_gate attempt(std::string_view address, std::string_view account_key, timestamp now,
                                      admitted as);
  [[nodiscard]] std::string next_tally_key();

  storage& store_;
  backoff_policy per_address_;
  backoff_policy per_account_;
  std::string address_table_;
  std::string account_table_;
  std::size_t capacity_;
  std::string tally_prefix_;  // random per process: tally keys never repeat across servers and restarts
  std::atomic<std::uint64_t> tallies_{0};
};

}  // namespace twofold::server
