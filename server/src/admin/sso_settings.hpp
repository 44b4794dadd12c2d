#pragma once
// Admin console > Security > Single sign-on: which providers the company
// offers and how to reach them, and whether Twofold's own second factor is
// still asked after a single sign-on. Only the company's administrators see
// or change them; every change is audited (never the secret).
//
// PUT body: {"two_factor_after_sso"?: bool,
//            "providers": [{"id": "google" | "microsoft" | "oidc", "enabled": bool,
//                           "client_id": text, "client_secret"?: text (absent: keep),
//                           "issuer"?: URL, "tenant"?: text (microsoft), "name"?: text (oidc)}]}
//  - issuer: empty, or https (http only to this machine) — see sso/sso_provider.hpp;
//  - tenant: "common", "organizations", or a tenant ID or domain (letters,
//    digits, '.', '-'); name: 1..60 characters for an enabled generic provider;
//  - an enabled provider needs a client ID, a client secret, and (oidc) an issuer.
// Field errors name the member: "providers.1.client_id".
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "account/client_info.hpp"
#include "account/user.hpp"
#include "sso/sso_provider.hpp"
#include "twofold/validation/field_error.hpp"

namespace twofold::server {

class storage;
class clock;
class server_key;

struct sso_settings {
  bool two_factor_after_sso = false;
  std::vector<sso_provider> providers;  // every kind
};

class sso_settings_admin {
 public:
  sso_settings_admin(storage& store, const clock& clk, const server_key& key);

  [[nodiscard]] sso_settings settings(const user& admin);
  [[nodiscard]] std::variant<sso_settings, field_errors> change(const user& admin, const nlohmann::json& body,
                                                                const client_info& client);

 private:
  storage& store_;
  const clock& clock_;
  const server_key& key_;
};

}  // namespace twofold::server
