#include "security_center/session_list.hpp"

#include "runtime/clock.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

namespace {

session_view view_of(session_overview_record session, const active_session& asking) {
  const bool current = session.token_hash == asking.record.token_hash;
  return session_view{.session = std::move(session), .current = current};
}

}  // namespace

expired_sessions session_list::live() const { return {.now = clock_.now(), .idle_timeout = policy_.idle_timeout}; }

std::vector<session_view> session_list::mine(const active_session& session) {
  std::vector<session_view> views;
  for (auto& found : store_.list_sessions(session.account.id, live())) views.push_back(view_of(std::move(found), session));
  return views;
}

company_sessions_page session_list::company(const active_session& admin, std::int64_t page) {
  auto found = store_.list_company_sessions(admin.account.company_id, live(), (page - 1) * company_sessions_page_size,
                                            company_sessions_page_size);
  company_sessions_page answer{.sessions = {}, .total = found.total, .page = page};
  for (auto& session : found.sessions) answer.sessions.push_back(view_of(std::move(session), admin));
  return answer;
}

}  // namespace twofold::server
