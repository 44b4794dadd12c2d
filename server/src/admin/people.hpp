#pragma once
// What an administrator does for the people of their company: list them,
// unlock an account locked by wrong codes, and choose how locks end.
// Callers pass a signed-in administrator; every action stays inside that
// administrator's company (a user of another company is "not found").
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "account/client_info.hpp"
#include "account/user.hpp"
#include "storage/change_set.hpp"
#include "storage/records.hpp"

namespace twofold::server {

class storage;
class clock;

inline constexpr std::int64_t people_page_size = 20;
inline constexpr std::size_t max_people_search = 100;  // characters
inline constexpr int max_lock_minutes = 24 * 60;
// A timed lock whose minutes are not given lasts this long; the console's
// form starts from it (GET /api/admin/security sends it).
inline constexpr int default_lock_minutes = 5;

struct people_page {
  std::vector<user_overview_record> users;
  std::int64_t total = 0;
  std::int64_t page = 1;  // from 1
  timestamp as_of{};      // when it was read: whether a timed lock still holds
};

// Whether wrong codes keep the user out at `now`.
[[nodiscard]] bool is_locked(const user_record& record, timestamp now);

// Lifting a lock, whoever does it: the failures forgotten, a sign-in begun
// before the lock ended (the password again), an account.unlocked event whose
// detail adds `by` (who acted: {"by_user_id": id}, or {"by_operator": true}).
[[nodiscard]] change_set unlock_change(const user_record& target, const client_info& client, timestamp now,
                                       nlohmann::json by);

class people_admin {
 public:
  people_admin(storage& store, const clock& clk);

  // `page` from 1; `search` at most max_people_search characters (checked by the caller).
  [[nodiscard]] people_page list(const user& admin, std::string_view search, std::int64_t page);

  // False when the user is not in the administrator's company.
  [[nodiscard]] bool unlock(const user& admin, row_id user_id, const client_info& client);

  [[nodiscard]] lock_mode lock_setting(const user& admin);
  // `mode.duration`, when set, within [1, max_lock_minutes] minutes (checked by the caller).
  void change_lock_setting(const user& admin, const lock_mode& mode, const client_info& client);

 private:
  storage& store_;
  const clock& clock_;
};

}  // namespace twofold::server
