#pragma once
// Signing sessions out from elsewhere: a user ends one of their other
// sessions or all of them (Profile > Security); an administrator ends one
// session of their company, or every session of a person. The ended session's
// next request is refused at once (the row is gone). Each is audited.
#include <cstdint>
#include <optional>
#include <variant>

#include "auth/sessions.hpp"

namespace twofold::server {

class storage;
class clock;

enum class sign_out_refusal {
  not_found,        // no such session of this user (or company)
  current_session,  // this very session: DELETE /api/session signs it out
  own_account,      // an administrator signs themselves out elsewhere as a user does
};

class session_sign_out {
 public:
  session_sign_out(storage& store, const clock& clk, session_policy policy)
      : store_(store), clock_(clk), policy_(policy) {}

  [[nodiscard]] std::optional<sign_out_refusal> end_mine(const active_session& session, row_id id,
                                                         const client_info& client);
  // How many ended.
  std::int64_t end_my_others(const active_session& session, const client_info& client);

  [[nodiscard]] std::optional<sign_out_refusal> end_by_admin(const active_session& admin, row_id id,
                                                             const client_info& client);
  // Every session and pending sign-in of a person of the admin's company; how many sessions ended.
  [[nodiscard]] std::variant<std::int64_t, sign_out_refusal> sign_out_person(const active_session& admin,
                                                                             row_id user_id,
                                                                             const client_info& client);

 private:
  [[nodiscard]] std::int64_t live_sessions(row_id user_id, timestamp now);

  storage& store_;
  const clock& clock_;
  session_policy policy_;
};

}  // namespace twofold::server
