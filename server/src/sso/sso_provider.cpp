#include "sso/sso_provider.hpp"

#include <algorithm>
#include <cctype>

namespace twofold::server {

namespace {

constexpr std::string_view well_known = "/.well-known/openid-configuration";

// Microsoft's tenant for personal accounts.
constexpr std::string_view microsoft_consumers_tenant = "9188040d-6c67-4c5b-b112-36a304b66dad";

std::string without_trailing_slash(std::string_view url) {
  while (url.ends_with('/')) url.remove_suffix(1);
  return std::string(url);
}

std::string lower_case(std::string_view text) {
  std::string lower(text);
  std::ranges::transform(lower, lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

}  // namespace

std::string_view provider_id(sso_provider_kind kind) {
  switch (kind) {
    case sso_provider_kind::google: return "google";
    case sso_provider_kind::microsoft: return "microsoft";
    case sso_provider_kind::oidc: return "oidc";
  }
  return "oidc";
}

std::optional<sso_provider_kind> parse_provider_id(std::string_view id) {
  for (const auto kind : every_sso_provider) {
    if (provider_id(kind) == id) return kind;
  }
  return std::nullopt;
}

std::vector<sso_provider> providers_of(const std::vector<sso_provider_record>& records) {
  std::vector<sso_provider> providers;
  for (const auto kind : every_sso_provider) {
    const auto record = std::ranges::find(records, provider_id(kind), &sso_provider_record::provider);
    sso_provider provider{.kind = kind, .enabled = false, .client_id = {}, .sealed_client_secret = {},
                          .issuer = {}, .tenant = {}, .name = {}};
    if (record != records.end()) {
      provider.enabled = record->enabled;
      provider.client_id = record->client_id;
      provider.sealed_client_secret = record->sealed_client_secret;
      provider.issuer = record->issuer;
      provider.tenant = record->tenant;
      provider.name = record->name;
    }
    if (kind == sso_provider_kind::microsoft && provider.tenant.empty()) provider.tenant = microsoft_default_tenant;
    providers.push_back(std::move(provider));
  }
  return providers;
}

sso_provider_record to_record(const sso_provider& provider, row_id company_id) {
  return sso_provider_record{.company_id = company_id,
                             .provider = std::string(provider_id(provider.kind)),
                             .enabled = provider.enabled,
                             .client_id = provider.client_id,
                             .sealed_client_secret = provider.sealed_client_secret,
                             .issuer = provider.issuer,
                             .tenant = provider.tenant,
                             .name = provider.name};
}

std::string display_name(const sso_provider& provider) {
  switch (provider.kind) {
    case sso_provider_kind::google: return "Google";
    case sso_provider_kind::microsoft: return "Office 365";
    case sso_provider_kind::oidc: return provider.name;
  }
  return provider.name;
}

bool usable(const sso_provider& provider) {
  if (!provider.enabled || provider.client_id.empty()) return false;
  return provider.kind != sso_provider_kind::oidc || (!provider.issuer.empty() && !provider.name.empty());
}

std::string discovery_url(const sso_provider& provider) {
  switch (provider.kind) {
    case sso_provider_kind::google:
      return without_trailing_slash(provider.issuer.empty() ? google_issuer : provider.issuer) + std::string(well_known);
    case sso_provider_kind::microsoft:
      return without_trailing_slash(provider.issuer.empty() ? microsoft_authority : provider.issuer) + "/" +
             provider.tenant + "/v2.0" + std::string(well_known);
    case sso_provider_kind::oidc: return without_trailing_slash(provider.issuer) + std::string(well_known);
  }
  return {};
}

bool discovered_issuer_matches(const sso_provider& provider, std::string_view issuer) {
  const auto found = without_trailing_slash(issuer);
  switch (provider.kind) {
    case sso_provider_kind::google:
      return found == without_trailing_slash(provider.issuer.empty() ? google_issuer : provider.issuer);
    case sso_provider_kind::oidc: return found == without_trailing_slash(provider.issuer);
    case sso_provider_kind::microsoft: break;
  }
  const auto authority = without_trailing_slash(provider.issuer.empty() ? microsoft_authority : provider.issuer) + "/";
  constexpr std::string_view version = "/v2.0";
  if (!found.starts_with(authority) || !found.ends_with(version) || found.size() <= authority.size() + version.size()) {
    return false;
  }
  const auto tenant = std::string_view(found).substr(authority.size(), found.size() - authority.size() - version.size());
  if (tenant.find('/') != std::string_view::npos) return false;
  const auto configured = lower_case(provider.tenant);
  if (configured == "common" || configured == "organizations") return tenant == "{tenantid}";
  if (configured == "consumers") return tenant == microsoft_consumers_tenant;
  if (configured.find('.') != std::string::npos) return tenant != "{tenantid}";
  return lower_case(tenant) == configured;
}

}  // namespace twofold::server
