#include "storage/sql_sso.hpp"

#include <algorithm>

#include "storage/sql_columns.hpp"
#include "storage/storage.hpp"

namespace twofold::server::sql_sso {

namespace {

constexpr std::string_view identity_columns = "user_id, provider, issuer, subject, email, name, linked_at";

sso_identity_record read_identity(const sql_statement& row) {
  return sso_identity_record{.user_id = row.column_int(0),
                             .provider = row.column_text(1),
                             .issuer = row.column_text(2),
                             .subject = row.column_text(3),
                             .email = row.column_text(4),
                             .name = row.column_text(5),
                             .linked_at = timestamp_of(row.column_int(6))};
}

session_token_hash hash_of(const std::vector<std::uint8_t>& bytes) {
  session_token_hash hash{};
  if (bytes.size() != hash.size()) throw storage_failure("single sign-on hash of unexpected size");
  std::copy(bytes.begin(), bytes.end(), hash.begin());
  return hash;
}

std::optional<std::vector<std::uint8_t>> blob_or_null(const std::vector<std::uint8_t>& bytes) {
  return bytes.empty() ? std::nullopt : std::optional(bytes);
}

void put_provider(sql_connection& db, const sso_provider_record& provider) {
  db.prepare(
        "INSERT INTO sso_providers (company_id, provider, enabled, client_id, sealed_client_secret,"
        " issuer, tenant, name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        " ON CONFLICT (company_id, provider) DO UPDATE SET enabled = excluded.enabled,"
        " client_id = excluded.client_id, sealed_client_secret = excluded.sealed_client_secret,"
        " issuer = excluded.issuer, tenant = excluded.tenant, name = excluded.name")
      .bind(1, provider.company_id)
      .bind(2, provider.provider)
      .bind(3, std::int64_t{provider.enabled ? 1 : 0})
      .bind(4, provider.client_id)
      .bind_optional_blob(5, blob_or_null(provider.sealed_client_secret))
      .bind(6, provider.issuer)
      .bind(7, provider.tenant)
      .bind(8, provider.name)
      .run();
}

void put_start(sql_connection& db, const sso_start_record& start) {
  db.prepare(
        "INSERT INTO sso_starts (state_hash, browser_hash, company_id, provider, user_id, nonce, sealed_verifier,"
        " language, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
      .bind_blob(1, start.state_hash)
      .bind_blob(2, start.browser_hash)
      .bind(3, start.company_id)
      .bind(4, start.provider)
      .bind_optional(5, start.user_id)
      .bind(6, start.nonce)
      .bind_blob(7, start.sealed_verifier)
      .bind_optional(8, start.language)
      .bind(9, seconds_of(start.created_at))
      .bind(10, seconds_of(start.expires_at))
      .run();
}

void link(sql_connection& db, const sso_identity_record& identity) {
  db.prepare("INSERT INTO sso_identities (" + std::string(identity_columns) + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
      .bind(1, identity.user_id)
      .bind(2, identity.provider)
      .bind(3, identity.issuer)
      .bind(4, identity.subject)
      .bind(5, identity.email)
      .bind(6, identity.name)
      .bind(7, seconds_of(identity.linked_at))
      .run();
}

}  // namespace

std::vector<sso_provider_record> list_providers(sql_connection& db, row_id company_id) {
  auto query = db.prepare(
      "SELECT company_id, provider, enabled, client_id, sealed_client_secret, issuer, tenant, name"
      " FROM sso_providers WHERE company_id = ?1 ORDER BY provider");
  query.bind(1, company_id);
  std::vector<sso_provider_record> providers;
  while (query.step()) {
    providers.push_back(sso_provider_record{.company_id = query.column_int(0),
                                            .provider = query.column_text(1),
                                            .enabled = query.column_int(2) != 0,
                                            .client_id = query.column_text(3),
                                            .sealed_client_secret = query.column_blob(4),
                                            .issuer = query.column_text(5),
                                            .tenant = query.column_text(6),
                                            .name = query.column_text(7)});
  }
  return providers;
}

std::optional<sso_identity_record> find_identity(sql_connection& db, std::string_view issuer,
                                                 std::string_view subject) {
  auto query = db.prepare("SELECT " + std::string(identity_columns) +
                          " FROM sso_identities WHERE issuer = ?1 AND subject = ?2");
  query.bind(1, issuer).bind(2, subject);
  if (!query.step()) return std::nullopt;
  return read_identity(query);
}

std::vector<sso_identity_record> list_identities(sql_connection& db, row_id user_id) {
  auto query = db.prepare("SELECT " + std::string(identity_columns) +
                          " FROM sso_identities WHERE user_id = ?1 ORDER BY provider");
  query.bind(1, user_id);
  std::vector<sso_identity_record> identities;
  while (query.step()) identities.push_back(read_identity(query));
  return identities;
}

std::optional<sso_start_record> find_start(sql_connection& db, const session_token_hash& state_hash) {
  auto query = db.prepare(
      "SELECT browser_hash, company_id, provider, user_id, nonce, sealed_verifier, language, created_at,"
      " expires_at, used_at FROM sso_starts WHERE state_hash = ?1");
  query.bind_blob(1, state_hash);
  if (!query.step()) return std::nullopt;
  return sso_start_record{.state_hash = state_hash,
                          .browser_hash = hash_of(query.column_blob(0)),
                          .company_id = query.column_int(1),
                          .provider = query.column_text(2),
                          .user_id = query.column_optional_int(3),
                          .nonce = query.column_text(4),
                          .sealed_verifier = query.column_blob(5),
                          .language = query.column_optional_text(6),
                          .created_at = timestamp_of(query.column_int(7)),
                          .expires_at = timestamp_of(query.column_int(8)),
                          .used_at = timestamp_of(query.column_optional_int(9))};
}

bool apply_guard(sql_connection& db, const sso_start_use& use) {
  db.prepare(
        "UPDATE sso_starts SET used_at = ?3 WHERE state_hash = ?1 AND browser_hash = ?2 AND used_at IS NULL"
        " AND expires_at > ?3")
      .bind_blob(1, use.state_hash)
      .bind_blob(2, use.browser_hash)
      .bind(3, seconds_of(use.now))
      .run();
  return db.changed_rows() == 1;
}

bool apply_guard(sql_connection& db, const identity_free& free) {
  auto query = db.prepare("SELECT NOT EXISTS (SELECT 1 FROM sso_identities WHERE issuer = ?1 AND subject = ?2)");
  query.bind(1, free.issuer).bind(2, free.subject);
  query.step();
  return query.column_int(0) != 0;
}

}  // namespace twofold::server::sql_sso

namespace twofold::server {

void apply_part(sql_connection& db, const sso_changes& changes) {
  if (changes.purge_expired_starts) {
    db.prepare("DELETE FROM sso_starts WHERE expires_at <= ?1").bind(1, seconds_of(*changes.purge_expired_starts)).run();
  }
  for (const auto& start : changes.starts) sql_sso::put_start(db, start);
  for (const auto& provider : changes.providers) sql_sso::put_provider(db, provider);
  for (const auto& setting : changes.company_settings) {
    db.prepare("UPDATE companies SET two_factor_after_sso = ?2 WHERE id = ?1")
        .bind(1, setting.company_id)
        .bind(2, std::int64_t{setting.two_factor_after_sso ? 1 : 0})
        .run();
  }
  for (const auto& unlink : changes.unlinked) {
    db.prepare("DELETE FROM sso_identities WHERE user_id = ?1 AND provider = ?2")
        .bind(1, unlink.user_id)
        .bind(2, unlink.provider)
        .run();
  }
  // A user has one account of each provider: a new link replaces the old.
  for (const auto& identity : changes.linked) {
    db.prepare("DELETE FROM sso_identities WHERE user_id = ?1 AND provider = ?2")
        .bind(1, identity.user_id)
        .bind(2, identity.provider)
        .run();
    sql_sso::link(db, identity);
  }
}

}  // namespace twofold::server
