#pragma once
// Where people are signed in: a user's live sessions (Profile > Security),
// and a company's (Admin console > Security), each with the device and place
// it opened from, the newest access first.
#include <cstdint>
#include <vector>

#include "auth/sessions.hpp"
#include "storage/change_set.hpp"
#include "storage/origin_records.hpp"

namespace twofold::server {

class storage;
class clock;

inline constexpr std::int64_t company_sessions_page_size = 50;

struct session_view {
  session_overview_record session;
  bool current = false;  // the session asking
};

struct company_sessions_page {
  std::vector<session_view> sessions;
  std::int64_t total = 0;
  std::int64_t page = 1;
};

class session_list {
 public:
  session_list(storage& store, const clock& clk, session_policy policy) : store_(store), clock_(clk), policy_(policy) {}

  [[nodiscard]] std::vector<session_view> mine(const active_session& session);
  // `page` from 1.
  [[nodiscard]] company_sessions_page company(const active_session& admin, std::int64_t page);

 private:
  [[nodiscard]] expired_sessions live() const;

  storage& store_;
  const clock& clock_;
  session_policy policy_;
};

}  // namespace twofold::server
