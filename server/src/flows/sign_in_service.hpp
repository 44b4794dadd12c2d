#pragma once
// The sign-in flow (sign_in_flow.hpp) against storage: each call loads the
// facts, advances the flow with one of its pure steps and applies the
// step's change set in one transaction. What is not storage is done here
// too: the throttle (its own storage steps), the password hasher, the code
// checks with the server key, the randomness.
//
// A code is checked, then its attempt claimed (storage::claim_code_attempt)
// before its verdict counts: the claim counts the attempt atomically, so
// parallel codes get distinct numbers and the lockout's rule (the core's
// verdict_for_wrong_code) decides what each number means. A wrong code's
// claim and its rejection are one transaction; a right one's claim comes
// before the step that consumes it.
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "flows/sign_in_steps.hpp"
#include "twofold/validation/sign_in_form.hpp"

namespace twofold::server {

class storage;
class clock;
class password_hasher;
class password_blocklist;
class sign_in_throttle;
class server_key;
class public_links;

// A form that already passed twofold::validate_sign_in, and the browser's cookies.
struct sign_in_request {
  sign_in_validation form;
  client_info client;
  std::optional<session_token_hash> previous_session;  // the session cookie's
  std::optional<std::string> trusted_browser;           // the trusted-browser cookie's value
  std::optional<i18n::language> language;               // chosen at the sign-in page: the session's
};

// The typed answer on the code page, normalized by the core (code_format.hpp, backup_codes.hpp).
struct typed_code {
  std::string digits;
};
struct typed_backup_code {
  std::string canonical;
};
using second_factor_answer = std::variant<typed_code, typed_backup_code>;

// A bind (single sign-on met an external account linked to nobody) as its
// page reads it: the external account, the company it was started for.
struct bind_status {
  sign_in_flow flow;
  std::string company;  // the company's name, to prefill
  std::chrono::seconds expires_in{0};
};

// A waiting flow as the pages read it: its state and view.
struct flow_status {
  sign_in_state state = sign_in_state::second_factor;
  std::vector<std::string_view> methods;
  second_step_view view;
};

// The randomness of one sign-in step for `user_id` (its code to send hashed
// with the server key).
[[nodiscard]] sign_in_secrets draw_sign_in_secrets(const server_key& key, row_id user_id);

class sign_in_service {
 public:
  // `blocklist`: what a new password may not be (auth/new_password_check.hpp).
  sign_in_service(storage& store, const clock& clk, const password_hasher& hasher, sign_in_throttle& throttle,
                  const server_key& key, const public_links& links, const origin_finder& origins,
                  session_policy sessions, const password_blocklist& blocklist);

  // Where `client` comes from, as `user_id`'s account knows it.
  [[nodiscard]] origin_facts origin_of(row_id user_id, const client_info& client);

  [[nodiscard]] sign_in_outcome sign_in(const sign_in_request& request);

  // The flow the sign-in cookie names, when it waits in `state` and its
  // account may still use it (a locked account's second factor: none).
  [[nodiscard]] std::optional<flow_status> status(std::string_view cookie, sign_in_state state);

  // `remember`: trust this browser after a right code ("Don't ask again").
  [[nodiscard]] sign_in_outcome submit_code(std::string_view cookie, const second_factor_answer& answer,
                                            const client_info& client, bool remember);
  [[nodiscard]] sign_in_outcome resend(std::string_view cookie, const client_info& client);
  // Ends the flow waiting in second_factor or bind: nothing linked, nothing
  // kept; the outcome leads back to password, whether a flow waited or not.
  [[nodiscard]] sign_in_outcome cancel(std::string_view cookie, const client_info& client);
  [[nodiscard]] sign_in_outcome submit_new_password(std::string_view cookie, std::string_view password,
                                                    const client_info& client);

  // Binding: the flow the cookie names, when it waits in bind; the password
  // step for it (the account's company must be the flow's), which links the
  // external account once the flow signs in.
  [[nodiscard]] std::optional<bind_status> bind(std::string_view cookie);
  [[nodiscard]] sign_in_outcome submit_bind(std::string_view cookie, const sign_in_request& request);

 private:
  struct loaded;
  [[nodiscard]] std::optional<loaded> load(std::string_view cookie, sign_in_state state, timestamp now);
  [[nodiscard]] std::optional<sign_in_flow> load_bind(std::string_view cookie, timestamp now);
  [[nodiscard]] sign_in_outcome sign_in(const sign_in_request& request, const password_attempt& attempt,
                                        std::optional<row_id> bind_company);
  [[nodiscard]] sign_in_outcome password_step(const sign_in_request& request, const password_attempt& attempt,
                                              std::optional<row_id> bind_company);
  [[nodiscard]] sign_in_outcome code_step(std::string_view cookie, const second_factor_answer& answer,
                                          const client_info& client, bool remember);
  struct candidate;
  [[nodiscard]] candidate candidate_of(const sign_in_request& request);
  void check_password(candidate& found, const sign_in_request& request, timestamp now);
  [[nodiscard]] std::optional<guard> code_use(const loaded& found, const second_factor_answer& answer,
                                              timestamp now);
  [[nodiscard]] sign_in_outcome wrong_code(const loaded& found, const code_submission& code, const code_attempt& claim,
                                           const origin_facts& origin, timestamp now);
  [[nodiscard]] sign_in_outcome after_rejection(const loaded& found, wrong_code_steps steps, timestamp now);
  [[nodiscard]] sign_in_outcome unclaimed(const loaded& found, const code_submission& code, timestamp now);
  [[nodiscard]] sign_in_outcome apply(sign_in_step step);

  storage& store_;
  const clock& clock_;
  const password_hasher& hasher_;
  const password_blocklist& blocklist_;
  sign_in_throttle& throttle_;
  const server_key& key_;
  const public_links& links_;
  const origin_finder& origins_;
  session_policy sessions_;
  trusted_browsers trusted_{store_};
};

}  // namespace twofold::server
