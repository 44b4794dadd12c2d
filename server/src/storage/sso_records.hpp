#pragma once
// Persistence records of single sign-on (server/src/sso): the providers a
// company configured, the external accounts linked to users, and the
// sign-ins started at a provider. Secrets never appear in the clear: a
// client secret and a PKCE verifier are sealed with the server key, a state
// and the browser's binding cookie are kept as SHA-256 only.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/records.hpp"

namespace twofold::server {

// One provider of a company: provider is "google" | "microsoft" | "oidc".
struct sso_provider_record {
  row_id company_id = 0;
  std::string provider;
  bool enabled = false;
  std::string client_id;
  std::vector<std::uint8_t> sealed_client_secret;  // empty: none set
  std::string issuer;  // google: issuer override; microsoft: authority override; oidc: the issuer
  std::string tenant;  // microsoft: "common" | "organizations" | a tenant ID or domain
  std::string name;    // oidc: the button's name
};

// An external account (issuer, subject) linked to a user; one user at most.
struct sso_identity_record {
  row_id user_id = 0;
  std::string provider;
  std::string issuer;
  std::string subject;
  std::string email;  // as the provider vouched for it; empty when it did not
  std::string name;
  timestamp linked_at{};
};

// A sign-in (or a connect: user_id set) sent to a provider, waiting for its callback.
struct sso_start_record {
  session_token_hash state_hash{};    // SHA-256 of the state sent to the provider
  session_token_hash browser_hash{};  // SHA-256 of the twofold_sso cookie
  row_id company_id = 0;
  std::string provider;
  std::optional<row_id> user_id;  // a connect: the signed-in user
  std::string nonce;
  std::vector<std::uint8_t> sealed_verifier;  // the PKCE code verifier
  std::optional<std::string> language;        // the sign-in page's, for the session
  timestamp created_at{};
  timestamp expires_at{};
  std::optional<timestamp> used_at;
};

}  // namespace twofold::server
