#pragma once
// Single sign-on against storage and the providers (flows/sso_sign_in.hpp
// has the steps): a start writes the sign-in sent to the provider and gives
// the browser its address; the callback claims that start once, exchanges
// the code for an ID token, verifies it, and advances. The profile's links
// and the administrator's settings (admin/sso_settings.hpp) use it too.
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "flows/sso_sign_in.hpp"
#include "sso/openid_metadata.hpp"
#include "two_factor/two_factor_settings.hpp"

namespace twofold::server {

class storage;
class clock;
class server_key;
class public_links;

// Where the browser goes next, and the cookie that binds the start to it.
struct sso_redirect {
  std::string url;
  session_token browser;
};
struct sso_unavailable {
  sso_failure reason = sso_failure::provider_unreachable;
};
using sso_start_outcome = std::variant<sso_redirect, sso_unavailable>;

// The provider's answer at /sso/callback, and the browser's binding cookie.
struct sso_callback {
  std::string state;
  std::string code;
  std::string error;  // the provider's error=..., when it refused
  std::optional<std::string> browser;
};

// What the callback led to, and for the pages: the company it was for and
// whether it was a connect from the profile.
struct sso_callback_result {
  sso_outcome outcome;
  std::string company;  // its name; empty when the start was unknown
  bool connect = false;
};

// A provider as the sign-in page and the profile show it.
struct sso_button {
  sso_provider_kind kind = sso_provider_kind::google;
  std::string name;
};
struct sso_link {
  sso_button provider;
  std::optional<sso_identity_record> identity;  // the user's, when connected
};

struct disconnected {};
struct not_connected {};
using disconnect_outcome = std::variant<disconnected, step_up_denied, not_connected>;

class sso_service {
 public:
  sso_service(storage& store, const clock& clk, const server_key& key, const public_links& links,
              const origin_finder& origins, step_up_check& step_up, session_policy sessions);

  // The redirect URI to register at a provider: <public origin>/sso/callback.
  [[nodiscard]] std::string redirect_uri() const;

  // The company's usable providers; none for an unknown company.
  [[nodiscard]] std::vector<sso_button> buttons(std::string_view company_name);

  [[nodiscard]] sso_start_outcome start(std::string_view company_name, std::string_view provider,
                                        std::optional<i18n::language> language, const client_info& client);
  [[nodiscard]] sso_start_outcome connect(const user& account, std::string_view provider, const client_info& client);
  [[nodiscard]] sso_callback_result callback(const sso_callback& answer, const client_info& client);

  [[nodiscard]] std::vector<sso_link> links(const user& account);
  // Ends the user's link with the provider after a step-up (auth/step_up.hpp).
  [[nodiscard]] disconnect_outcome disconnect(const active_session& session, sso_provider_kind provider,
                                              const std::optional<std::string>& password, const client_info& client);

 private:
  [[nodiscard]] std::optional<sso_provider> usable_provider(row_id company_id, std::string_view provider);
  [[nodiscard]] result<openid_metadata, sso_failure> metadata_of(const sso_provider& provider, timestamp now);
  [[nodiscard]] sso_start_outcome start_at(const sso_provider& provider, const sso_start_request& request);
  [[nodiscard]] sso_step verify(const sso_start_record& start, const sso_callback& answer, const client_info& client,
                                timestamp now);
  [[nodiscard]] result<external_account, sso_failure> identity_of(const sso_provider& provider,
                                                                  const sso_start_record& start,
                                                                  std::string_view code, timestamp now);
  [[nodiscard]] result<std::string, sso_failure> id_token_of(const sso_provider& provider,
                                                             const openid_metadata& metadata,
                                                             const sso_start_record& start, std::string_view code);
  [[nodiscard]] sso_step advance(const sso_start_record& start, const external_account& external,
                                 const client_info& client, timestamp now);

  storage& store_;
  const clock& clock_;
  const server_key& key_;
  const public_links& links_;
  const origin_finder& origins_;
  step_up_check& step_up_;
  session_policy sessions_;
  openid_directory directory_;
};

}  // namespace twofold::server
