#pragma once
// A company's sign-ins and failed attempts per hour over the last 7 days
// (Admin console > Security), counted from its audit events: whole UTC hours,
// the oldest first, the last one the hour now running.
#include <cstdint>
#include <vector>

#include "account/user.hpp"

namespace twofold::server {

class storage;
class clock;

inline constexpr int activity_hours = 7 * 24;

struct activity_hour {
  timestamp start{};
  std::int64_t sign_ins = 0;  // sign-ins that opened a session
  std::int64_t failures = 0;  // refused passwords, wrong codes, blocked origins, failed single sign-ons
};

class sign_in_activity {
 public:
  sign_in_activity(storage& store, const clock& clk) : store_(store), clock_(clk) {}

  // activity_hours hours, every one present (zeros where nothing happened).
  [[nodiscard]] std::vector<activity_hour> last_week(const user& admin);

 private:
  storage& store_;
  const clock& clock_;
};

}  // namespace twofold::server
