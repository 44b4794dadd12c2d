#include "storage/sql_sign_in_flows.hpp"

#include <algorithm>

#include "storage/sql_columns.hpp"
#include "storage/storage.hpp"

namespace twofold::server::sql_sign_in_flows {

namespace {

template <class fixed>
fixed fixed_bytes(const std::vector<std::uint8_t>& bytes) {
  fixed value{};
  if (bytes.size() != value.size()) throw storage_failure("sign-in flow hash of unexpected size");
  std::copy(bytes.begin(), bytes.end(), value.begin());
  return value;
}

void put(sql_connection& db, const sign_in_flow_record& flow) {
  db.prepare(
        "INSERT INTO sign_in_flows (token_hash, state, user_id, method, sent_code, last_sent_at,"
        " created_at, expires_at, ip, user_agent, language, company_id, external_provider, external_issuer,"
        " external_subject, external_email, external_name, external_provider_name)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"
        " ON CONFLICT (token_hash) DO UPDATE SET state = excluded.state, user_id = excluded.user_id,"
        " method = excluded.method, sent_code = excluded.sent_code, last_sent_at = excluded.last_sent_at,"
        " created_at = excluded.created_at, expires_at = excluded.expires_at, ip = excluded.ip,"
        " user_agent = excluded.user_agent, language = excluded.language, company_id = excluded.company_id,"
        " external_provider = excluded.external_provider, external_issuer = excluded.external_issuer,"
        " external_subject = excluded.external_subject, external_email = excluded.external_email,"
        " external_name = excluded.external_name, external_provider_name = excluded.external_provider_name")
      .bind_blob(1, flow.token_hash)
      .bind(2, flow.state)
      .bind_optional(3, flow.user_id)
      .bind_optional(4, flow.method)
      .bind_optional_blob(5, flow.sent_code)
      .bind_optional(6, seconds_of(flow.last_sent_at))
      .bind(7, seconds_of(flow.created_at))
      .bind(8, seconds_of(flow.expires_at))
      .bind(9, flow.ip)
      .bind(10, flow.user_agent)
      .bind_optional(11, flow.language)
      .bind(12, flow.company_id)
      .bind_optional(13, flow.external_provider)
      .bind_optional(14, flow.external_issuer)
      .bind_optional(15, flow.external_subject)
      .bind_optional(16, flow.external_email)
      .bind_optional(17, flow.external_name)
      .bind_optional(18, flow.external_provider_name)
      .run();
}

}  // namespace

std::optional<sign_in_flow_record> find(sql_connection& db, const session_token_hash& token_hash) {
  auto query = db.prepare(
      "SELECT state, user_id, method, sent_code, last_sent_at, created_at, expires_at, ip, user_agent, language,"
      " company_id, external_provider, external_issuer, external_subject, external_email, external_name,"
      " external_provider_name"
      " FROM sign_in_flows WHERE token_hash = ?1");
  query.bind_blob(1, token_hash);
  if (!query.step()) return std::nullopt;
  const auto sent_code = query.column_blob(3);  // NULL reads as no bytes
  return sign_in_flow_record{
      .token_hash = token_hash,
      .state = query.column_text(0),
      .user_id = query.column_optional_int(1),
      .company_id = query.column_int(10),
      .method = query.column_optional_text(2),
      .sent_code = sent_code.empty() ? std::nullopt : std::optional(fixed_bytes<code_hash>(sent_code)),
      .last_sent_at = timestamp_of(query.column_optional_int(4)),
      .created_at = timestamp_of(query.column_int(5)),
      .expires_at = timestamp_of(query.column_int(6)),
      .ip = query.column_text(7),
      .user_agent = query.column_text(8),
      .language = query.column_optional_text(9),
      .external_provider = query.column_optional_text(11),
      .external_provider_name = query.column_optional_text(16),
      .external_issuer = query.column_optional_text(12),
      .external_subject = query.column_optional_text(13),
      .external_email = query.column_optional_text(14),
      .external_name = query.column_optional_text(15),
  };
}

bool apply_guard(sql_connection& db, const sign_in_flow_resend& resend) {
  db.prepare(
        "UPDATE sign_in_flows SET sent_code = ?2, last_sent_at = ?4, expires_at = ?5"
        " WHERE token_hash = ?1 AND last_sent_at IS NOT DISTINCT FROM ?3 AND expires_at > ?4")
      .bind_blob(1, resend.token_hash)
      .bind_blob(2, resend.sent_code)
      .bind_optional(3, seconds_of(resend.previous_sent_at))
      .bind(4, seconds_of(resend.now))
      .bind(5, seconds_of(resend.expires_at))
      .run();
  return db.changed_rows() == 1;
}

bool apply_guard(sql_connection& db, const sign_in_flow_finish& finish) {
  db.prepare("DELETE FROM sign_in_flows WHERE token_hash = ?1").bind_blob(1, finish.token_hash).run();
  return db.changed_rows() == 1;
}

}  // namespace twofold::server::sql_sign_in_flows

namespace twofold::server {

void apply_part(sql_connection& db, const sign_in_flow_changes& flows) {
  if (flows.purge_expired) {
    db.prepare("DELETE FROM sign_in_flows WHERE expires_at <= ?1").bind(1, seconds_of(*flows.purge_expired)).run();
  }
  for (const auto& token_hash : flows.ended) {
    db.prepare("DELETE FROM sign_in_flows WHERE token_hash = ?1").bind_blob(1, token_hash).run();
  }
  for (const row_id user_id : flows.ended_for_users) {
    db.prepare("DELETE FROM sign_in_flows WHERE user_id = ?1").bind(1, user_id).run();
  }
  for (const auto& flow : flows.put) sql_sign_in_flows::put(db, flow);
}

}  // namespace twofold::server
