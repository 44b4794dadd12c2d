#pragma once
// Throttling of failed sign-ins, in memory (a restart forgets it, which only
// ever helps a legitimate user). One back-off record per client address and
// one per (company, account) as typed; an attempt waits for the stricter of
// the two (twofold/security/backoff.hpp; NIST SP 800-63B §5.2.2 rate limiting).
// Checked before the password is verified, so a throttled guess costs no hash.
//
// Thread-safe. Records quiet for the policy's forget_after are dropped once
// the registry grows, so a flood of made-up accounts cannot exhaust memory.
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

  // Zero when an attempt may be evaluated now.
  [[nodiscard]] std::chrono::seconds retry_after(std::string_view address, std::string_view account_key,
                                                 timestamp now) const;
  void record_failure(std::string_view address, std::string_view account_key, timestamp now);
  // After a successful sign-in. The address keeps its record: one valid
  // account must not reset the counter for guesses against others.
  void clear_account(std::string_view account_key);

 private:
  using registry = std::unordered_map<std::string, failure_record>;
  void drop_forgotten(timestamp now);

  backoff_policy per_address_;
  backoff_policy per_account_;
  mutable std::mutex mutex_;
  registry by_address_;
  registry by_account_;
};

}  // namespace twofold::server
