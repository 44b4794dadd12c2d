#pragma once
// The single sign-on providers a company can configure: two presets of
// OpenID Connect and any other standards-conforming provider.
//
//   google     issuer https://accounts.google.com (an override may point
//              elsewhere); its tokens also spell the issuer accounts.google.com
//   microsoft  Office 365 / Entra ID: authority https://login.microsoftonline.com
//              (overridable) and a tenant: "common", "organizations", or one
//              tenant ID or domain; discovery at <authority>/<tenant>/v2.0
//   oidc       any provider: its issuer (discovery at <issuer>/.well-known/
//              openid-configuration) and the name on the button
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/sso_records.hpp"

namespace twofold::server {

enum class sso_provider_kind { google, microsoft, oidc };

inline constexpr sso_provider_kind every_sso_provider[] = {sso_provider_kind::google, sso_provider_kind::microsoft,
                                                           sso_provider_kind::oidc};

[[nodiscard]] std::string_view provider_id(sso_provider_kind kind);  // "google" | "microsoft" | "oidc"
[[nodiscard]] std::optional<sso_provider_kind> parse_provider_id(std::string_view id);

inline constexpr std::string_view google_issuer = "https://accounts.google.com";
inline constexpr std::string_view microsoft_authority = "https://login.microsoftonline.com";
inline constexpr std::string_view microsoft_default_tenant = "common";

// A company's provider, as configured (domain value of sso_provider_record).
struct sso_provider {
  sso_provider_kind kind = sso_provider_kind::google;
  bool enabled = false;
  std::string client_id;
  std::vector<std::uint8_t> sealed_client_secret;  // empty: none set
  std::string issuer;  // google: issuer override; microsoft: authority override; oidc: the issuer
  std::string tenant;  // microsoft only
  std::string name;    // oidc only
};

// The company's providers, every kind, the unconfigured ones off.
[[nodiscard]] std::vector<sso_provider> providers_of(const std::vector<sso_provider_record>& records);
[[nodiscard]] sso_provider_record to_record(const sso_provider& provider, row_id company_id);

// "Google", "Office 365", or the generic provider's configured name.
[[nodiscard]] std::string display_name(const sso_provider& provider);

// Whether the provider can be used: on, with a client and (oidc) an issuer.
[[nodiscard]] bool usable(const sso_provider& provider);

// Where its discovery document is.
[[nodiscard]] std::string discovery_url(const sso_provider& provider);

// Whether the issuer a discovery document names is the one configured
// (OpenID Connect Discovery 1.0 §4.3): else a provider could name another
// provider's issuer and sign in that provider's people. Trailing slashes
// aside, exactly the configured issuer; for Office 365, its authority's
// issuer for the tenant: "{tenantid}" for common and organizations, the
// consumers tenant's ID for consumers, the ID itself for a tenant ID, any
// one tenant for a domain (whose ID the configuration does not hold).
[[nodiscard]] bool discovered_issuer_matches(const sso_provider& provider, std::string_view issuer);

}  // namespace twofold::server
