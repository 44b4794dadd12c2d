#include "account/audit.hpp"

namespace twofold::server {

audit_event_record audit_event(std::string_view event, const client_info& client, timestamp at,
                               std::optional<row_id> company_id, std::optional<row_id> user_id,
                               const nlohmann::json& detail) {
  return audit_event_record{
      .company_id = company_id,
      .user_id = user_id,
      .event = std::string(event),
      .ip = client.ip,
      .user_agent = client.user_agent,
      // A client's user agent may hold invalid UTF-8; replace it, never throw.
      .detail_json = detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
      .created_at = at,
      .tally_key = std::nullopt,
  };
}

audit_event_record throttled_event(std::string_view event, const client_info& client, timestamp at,
                                   std::optional<row_id> company_id, std::optional<row_id> user_id,
                                   std::chrono::seconds retry_after, std::string tally_key) {
  auto record = audit_event(event, client, at, company_id, user_id, {{"retry_after", retry_after.count()}, {"count", 1}});
  record.tally_key = std::move(tally_key);
  return record;
}

}  // namespace twofold::server
