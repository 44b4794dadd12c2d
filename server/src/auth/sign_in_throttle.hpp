#pragma once
// Throttling of failed sign-ins, in memory (a restart forgets it, which only
// ever helps a legitimate user). One back-off record per client (its address's
// throttle_key, client/network_prefix.hpp: an IPv6 host counts by its /64) and
// one per (company, account) as typed; an attempt waits for the stricter of
// the two (twofold/security/backoff.hpp; NIST SP 800-63B §5.2.2 rate limiting).
// Checked before the password is verified, so a throttled guess costs no hash.
//
// Thread-safe. Each kind of key lives in a failure_table of fixed capacity,
// so no number of addresses or made-up accounts can exhaust memory.
//
// A refused attempt is audited once per key and back-off window: the first
// refusal of a window gets a tally key (its audit row carries a count of
// one), the others are only counted, and when the window ends the count is
// handed back (ended_windows) to be written into that row, one update.
//
// Checking and counting are apart (the password is verified in between), so
// parallel guesses could all pass one check before any of them is counted.
// Attempts are therefore tracked while in flight: one may start only while
// the failures so far plus those in flight stay within the free failures, or
// when nothing else is in flight for that address and account.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "auth/failure_table.hpp"
#include "storage/records.hpp"
#include "twofold/security/backoff.hpp"

namespace twofold::server {

// Several people behind one office NAT share an address, so the address gets
// more free failures than a single account.
inline constexpr backoff_policy account_backoff{};
inline constexpr backoff_policy address_backoff{.free_failures = 20,
                                                .base_delay = account_backoff.base_delay,
                                                .max_delay = account_backoff.max_delay,
                                                .forget_after = account_backoff.forget_after};

// Records kept per kind of key: about 150 bytes each, so two tables of a
// throttle stay within a few tens of MiB.
inline constexpr std::size_t default_throttle_capacity = 50'000;

// What begin_attempt decided.
struct throttle_gate {
  std::chrono::seconds wait{0};  // zero: the attempt may be evaluated, and is in flight
  // Refused, and the first refusal of its window: the tally key of the one
  // audit row to write for the window.
  std::optional<std::string> opened_window;
  std::vector<audit_tally> ended_windows;  // to write: counts of windows that ended
};

class sign_in_throttle {
 public:
  explicit sign_in_throttle(backoff_policy per_address = address_backoff, backoff_policy per_account = account_backoff,
                            std::size_t capacity = default_throttle_capacity);

  // The key of a (company, account) pair; both already normalised.
  [[nodiscard]] static std::string account_key(std::string_view company_key, std::string_view account);

  // Zero when an attempt may be evaluated now, ignoring attempts in flight.
  [[nodiscard]] std::chrono::seconds retry_after(std::string_view address, std::string_view account_key,
                                                 timestamp now) const;
  // wait zero when an attempt may be evaluated now; it is then in flight
  // until end_attempt, which the caller must call after recording its
  // outcome. Otherwise the seconds to wait (at least the base delay when only
  // attempts in flight are in the way).
  [[nodiscard]] throttle_gate begin_attempt(std::string_view address, std::string_view account_key, timestamp now);
  void end_attempt(std::string_view address, std::string_view account_key);
  void record_failure(std::string_view address, std::string_view account_key, timestamp now);
  // After a successful sign-in. The address keeps its record: one valid
  // account must not reset the counter for guesses against others.
  void clear_account(std::string_view account_key);

  // Records held, per kind of key (never above the capacity).
  [[nodiscard]] std::size_t addresses_held() const;
  [[nodiscard]] std::size_t accounts_held() const;

 private:
  using in_flight_counts = std::unordered_map<std::string, int>;  // no zero entries
  [[nodiscard]] std::string next_tally_key();

  backoff_policy per_address_;
  backoff_policy per_account_;
  mutable std::mutex mutex_;
  failure_table by_address_;
  failure_table by_account_;
  in_flight_counts in_flight_by_address_;
  in_flight_counts in_flight_by_account_;
  std::string tally_prefix_;  // random per process: tally keys never repeat across restarts
  std::uint64_t tallies_ = 0;
};

class storage;

// Writes the counts of ended windows into their audit rows, one update each
// (nothing when there are none).
void write_window_counts(storage& store, std::vector<audit_tally> ended);

}  // namespace twofold::server
