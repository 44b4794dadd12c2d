#pragma once
// Throttling of failed sign-ins, in memory (a restart forgets it, which only
// ever helps a legitimate user). One back-off record per client (its address's
// throttle_key, client/network_prefix.hpp: an IPv6 host counts by its /64) and
// one per (company, account) as typed; an attempt waits for the stricter of
// the two (twofold/security/backoff.hpp; NIST SP 800-63B §5.2.2 rate limiting).
// Checked before the password is verified, so a throttled guess costs no hash.
//
// Thread-safe. Records quiet for the policy's forget_after are dropped once
// the registry grows, so a flood of made-up accounts cannot exhaust memory.
//
// Checking and counting are apart (the password is verified in between), so
// parallel guesses could all pass one check before any of them is counted.
// Attempts are therefore tracked while in flight: one may start only while
// the failures so far plus those in flight stay within the free failures, or
// when nothing else is in flight for that address and account.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "twofold/security/backoff.hpp"

namespace twofold::server {

// Several people behind one office NAT share an address, so the address gets
// more free failures than a single account.
inline constexpr backoff_policy account_backoff{};
inline constexpr backoff_policy address_backoff{.free_failures = 20,
                                                .base_delay = account_backoff.base_delay,
                                                .max_delay = account_backoff.max_delay,
                                                .forget_after = account_backoff.forget_after};

class sign_in_throttle {
 public:
  explicit sign_in_throttle(backoff_policy per_address = address_backoff, backoff_policy per_account = account_backoff);

  // The key of a (company, account) pair; both already normalised.
  [[nodiscard]] static std::string account_key(std::string_view company_key, std::string_view account);

  // Zero when an attempt may be evaluated now, ignoring attempts in flight.
  [[nodiscard]] std::chrono::seconds retry_after(std::string_view address, std::string_view account_key,
                                                 timestamp now) const;
  // Zero when an attempt may be evaluated now; it is then in flight until
  // end_attempt, which the caller must call after recording its outcome.
  // Otherwise the seconds to wait (at least the base delay when only attempts
  // in flight are in the way).
  [[nodiscard]] std::chrono::seconds begin_attempt(std::string_view address, std::string_view account_key,
                                                   timestamp now);
  void end_attempt(std::string_view address, std::string_view account_key);
  void record_failure(std::string_view address, std::string_view account_key, timestamp now);
  // After a successful sign-in. The address keeps its record: one valid
  // account must not reset the counter for guesses against others.
  void clear_account(std::string_view account_key);

 private:
  using registry = std::unordered_map<std::string, failure_record>;
  using in_flight_counts = std::unordered_map<std::string, int>;  // no zero entries
  void drop_forgotten(timestamp now);

  backoff_policy per_address_;
  backoff_policy per_account_;
  mutable std::mutex mutex_;
  registry by_address_;
  registry by_account_;
  in_flight_counts in_flight_by_address_;
  in_flight_counts in_flight_by_account_;
};

}  // namespace twofold::server
