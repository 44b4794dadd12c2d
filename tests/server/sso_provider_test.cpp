// Which issuer a provider's discovery document may name (OpenID Connect
// Discovery 1.0 §4.3): the configured one, or for Office 365 the authority's
// issuer for the configured tenant.
#include <gtest/gtest.h>

#include "sso/sso_provider.hpp"

namespace twofold::server::testing {
namespace {

sso_provider configured(sso_provider_kind kind, std::string issuer, std::string tenant = {}) {
  return sso_provider{.kind = kind, .enabled = true, .client_id = "client", .sealed_client_secret = {},
                      .issuer = std::move(issuer), .tenant = std::move(tenant), .name = "Acme ID"};
}

TEST(sso_provider_test, a_generic_provider_must_name_its_own_issuer) {
  const auto acme = configured(sso_provider_kind::oidc, "https://id.acme.example/realms/acme");
  EXPECT_TRUE(discovered_issuer_matches(acme, "https://id.acme.example/realms/acme"));
  EXPECT_TRUE(discovered_issuer_matches(acme, "https://id.acme.example/realms/acme/"));
  EXPECT_FALSE(discovered_issuer_matches(acme, "https://accounts.google.com"));
  EXPECT_FALSE(discovered_issuer_matches(acme, "https://id.acme.example/realms/other"));
}

TEST(sso_provider_test, google_names_google_or_the_override) {
  EXPECT_TRUE(discovered_issuer_matches(configured(sso_provider_kind::google, ""), "https://accounts.google.com"));
  EXPECT_FALSE(discovered_issuer_matches(configured(sso_provider_kind::google, ""), "https://evil.example"));
  const auto overridden = configured(sso_provider_kind::google, "http://127.0.0.1:9000/google");
  EXPECT_TRUE(discovered_issuer_matches(overridden, "http://127.0.0.1:9000/google"));
  EXPECT_FALSE(discovered_issuer_matches(overridden, "https://accounts.google.com"));
}

TEST(sso_provider_test, office_365_names_the_tenant_it_was_configured_for) {
  const std::string authority = "https://login.microsoftonline.com/";
  const std::string tid = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  for (const auto* tenant : {"common", "organizations"}) {
    const auto multi = configured(sso_provider_kind::microsoft, "", tenant);
    EXPECT_TRUE(discovered_issuer_matches(multi, authority + "{tenantid}/v2.0")) << tenant;
    EXPECT_FALSE(discovered_issuer_matches(multi, authority + tid + "/v2.0")) << tenant;
  }
  const auto one = configured(sso_provider_kind::microsoft, "", "72F988BF-86F1-41AF-91AB-2D7CD011DB47");
  EXPECT_TRUE(discovered_issuer_matches(one, authority + tid + "/v2.0"));
  EXPECT_FALSE(discovered_issuer_matches(one, authority + "00000000-0000-0000-0000-000000000000/v2.0"));
  const auto by_domain = configured(sso_provider_kind::microsoft, "", "contoso.onmicrosoft.com");
  EXPECT_TRUE(discovered_issuer_matches(by_domain, authority + tid + "/v2.0"));
  EXPECT_FALSE(discovered_issuer_matches(by_domain, authority + "{tenantid}/v2.0"));
  EXPECT_FALSE(discovered_issuer_matches(by_domain, "https://evil.example/" + tid + "/v2.0"));
  EXPECT_FALSE(discovered_issuer_matches(by_domain, authority + tid + "/extra/v2.0"));
  const auto personal = configured(sso_provider_kind::microsoft, "", "consumers");
  EXPECT_TRUE(discovered_issuer_matches(personal, authority + "9188040d-6c67-4c5b-b112-36a304b66dad/v2.0"));
}

}  // namespace
}  // namespace twofold::server::testing
