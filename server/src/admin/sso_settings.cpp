#include "admin/sso_settings.hpp"

#include <algorithm>

#include "account/audit.hpp"
#include "runtime/clock.hpp"
#include "runtime/http_fetch.hpp"
#include "storage/storage.hpp"
#include "two_factor/server_key.hpp"

namespace twofold::server {

namespace {

constexpr std::size_t max_client_id = 512;
constexpr std::size_t max_client_secret = 1024;
constexpr std::size_t max_issuer = 2048;
constexpr std::size_t max_tenant = 255;
constexpr std::size_t max_name = 60;

// Collects one error per member, named "providers.<i>.<member>".
class checker {
 public:
  explicit checker(std::string prefix) : prefix_(std::move(prefix)) {}

  void fail(std::string_view member, std::string_view code) {
    errors_.push_back(field_error{.field = prefix_ + std::string(member),
                                  .code = std::string(code),
                                  .message_key = "validation." + std::string(code)});
  }

  // A string member up to `limit` bytes; `fallback` when absent.
  std::string text(const nlohmann::json& object, const char* member, std::size_t limit, std::string fallback = {}) {
    const auto found = object.find(member);
    if (found == object.end() || found->is_null()) return fallback;
    if (!found->is_string()) {
      fail(member, "invalid_choice");
      return fallback;
    }
    auto value = found->get<std::string>();
    if (value.size() > limit) fail(member, "too_long");
    return value;
  }

  [[nodiscard]] field_errors& errors() { return errors_; }

 private:
  std::string prefix_;
  field_errors errors_;
};

bool tenant_shaped(std::string_view tenant) {
  return !tenant.empty() && std::ranges::all_of(tenant, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
  });
}

// One provider of the body on top of what is stored; errors added to `errors`.
sso_provider changed_provider(const nlohmann::json& entry, std::size_t index, sso_provider provider,
                              const server_key& key, field_errors& errors) {
  checker check("providers." + std::to_string(index) + ".");
  const auto enabled = entry.find("enabled");
  if (enabled != entry.end() && !enabled->is_boolean()) check.fail("enabled", "invalid_choice");
  if (enabled != entry.end() && enabled->is_boolean()) provider.enabled = enabled->get<bool>();
  provider.client_id = check.text(entry, "client_id", max_client_id, provider.client_id);
  provider.issuer = check.text(entry, "issuer", max_issuer, provider.issuer);
  if (!provider.issuer.empty() && !fetchable_url(provider.issuer)) check.fail("issuer", "invalid_url");
  if (provider.kind == sso_provider_kind::microsoft) {
    provider.tenant = check.text(entry, "tenant", max_tenant, provider.tenant);
    if (!tenant_shaped(provider.tenant)) check.fail("tenant", "invalid_choice");
  }
  if (provider.kind == sso_provider_kind::oidc) provider.name = check.text(entry, "name", max_name, provider.name);
  const auto secret = check.text(entry, "client_secret", max_client_secret);
  if (!secret.empty()) provider.sealed_client_secret = key.seal(std::vector<std::uint8_t>(secret.begin(), secret.end()));
  if (provider.enabled) {
    if (provider.client_id.empty()) check.fail("client_id", "required");
    if (provider.sealed_client_secret.empty()) check.fail("client_secret", "required");
    if (provider.kind == sso_provider_kind::oidc && provider.issuer.empty()) check.fail("issuer", "required");
    if (provider.kind == sso_provider_kind::oidc && provider.name.empty()) check.fail("name", "required");
  }
  for (auto& error : check.errors()) errors.push_back(std::move(error));
  return provider;
}

}  // namespace

sso_settings_admin::sso_settings_admin(storage& store, const clock& clk, const server_key& key)
    : store_(store), clock_(clk), key_(key) {}

sso_settings sso_settings_admin::settings(const user& admin) {
  const auto company = store_.find_company(admin.company_id);
  return sso_settings{.two_factor_after_sso = company && company->two_factor_after_sso,
                      .providers = providers_of(store_.list_sso_providers(admin.company_id))};
}

std::variant<sso_settings, field_errors> sso_settings_admin::change(const user& admin, const nlohmann::json& body,
                                                                    const client_info& client) {
  auto next = settings(admin);
  field_errors errors;
  const auto after_sso = body.find("two_factor_after_sso");
  if (after_sso != body.end() && !after_sso->is_boolean()) {
    errors.push_back({.field = "two_factor_after_sso", .code = "invalid_choice", .message_key = "validation.invalid_choice"});
  } else if (after_sso != body.end()) {
    next.two_factor_after_sso = after_sso->get<bool>();
  }
  const auto listed = body.find("providers");
  if (listed != body.end() && !listed->is_array()) {
    errors.push_back({.field = "providers", .code = "invalid_choice", .message_key = "validation.invalid_choice"});
  }
  std::vector<std::string> changed;
  for (std::size_t i = 0; listed != body.end() && listed->is_array() && i < listed->size(); ++i) {
    const auto& entry = (*listed)[i];
    const auto id = entry.is_object() && entry.contains("id") && entry["id"].is_string()
                        ? parse_provider_id(entry["id"].get<std::string>())
                        : std::nullopt;
    if (!id) {
      errors.push_back({.field = "providers." + std::to_string(i) + ".id",
                        .code = "invalid_choice",
                        .message_key = "validation.invalid_choice"});
      continue;
    }
    auto& provider = *std::ranges::find(next.providers, *id, &sso_provider::kind);
    provider = changed_provider(entry, i, provider, key_, errors);
    changed.emplace_back(provider_id(*id));
  }
  if (!errors.empty()) return errors;

  const timestamp now = clock_.now();
  change_set changes;
  changes.sso.company_settings.push_back({.company_id = admin.company_id, .two_factor_after_sso = next.two_factor_after_sso});
  for (const auto& provider : next.providers) changes.sso.providers.push_back(to_record(provider, admin.company_id));
  changes.audit_events.push_back(audit_event(audit::sso_settings_changed, client, now, admin.company_id, admin.id,
                                             {{"by_user_id", admin.id},
                                              {"providers", changed},
                                              {"two_factor_after_sso", next.two_factor_after_sso}}));
  store_.apply(changes);
  return next;
}

}  // namespace twofold::server
