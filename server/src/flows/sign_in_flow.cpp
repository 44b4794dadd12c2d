#include "flows/sign_in_flow.hpp"

#include <algorithm>

#include "runtime/overloaded.hpp"
#include "two_factor/sent_code.hpp"
#include "twofold/otp/resend_countdown.hpp"

namespace twofold::server {

namespace {

constexpr std::string_view bind_name = "bind";
constexpr std::string_view second_factor_name = "second_factor";
constexpr std::string_view new_password_name = "new_password";

std::optional<std::string> tag_of(const std::optional<i18n::language>& language) {
  return language ? std::optional(std::string(i18n::language_tag(*language))) : std::nullopt;
}

std::optional<external_account> external_of(const sign_in_flow_record& record) {
  if (!record.external_provider || !record.external_issuer || !record.external_subject) return std::nullopt;
  return external_account{.provider = *record.external_provider,
                          .provider_name = record.external_provider_name.value_or(*record.external_provider),
                          .issuer = *record.external_issuer,
                          .subject = *record.external_subject,
                          .email = record.external_email.value_or(""),
                          .name = record.external_name.value_or("")};
}

// The record's state, when this build knows it.
std::optional<sign_in_state> stored_state(std::string_view name) {
  if (name == bind_name) return sign_in_state::bind;
  if (name == second_factor_name) return sign_in_state::second_factor;
  if (name == new_password_name) return sign_in_state::new_password;
  return std::nullopt;
}

}  // namespace


std::optional<account_locked> lock_of(const user& account, timestamp now) {
  if (status_of(account.lockout, now) == lock_status::open) return std::nullopt;
  return account_locked{.remaining = lock_remaining(account.lockout, now)};
}

std::string_view state_name(sign_in_state state) {
  switch (state) {
    case sign_in_state::password: return "password";
    case sign_in_state::bind: return bind_name;
    case sign_in_state::second_factor: return second_factor_name;
    case sign_in_state::new_password: return new_password_name;
    case sign_in_state::setup_required: return "setup_required";
    case sign_in_state::signed_in: return "signed_in";
    case sign_in_state::locked: return "locked";
  }
  return "password";
}

sign_in_flow_record to_record(const sign_in_flow& flow) {
  const bool second_factor = flow.state == sign_in_state::second_factor;
  const auto& external = flow.external;
  const auto part = [&](std::string external_account::*field) {
    return external ? std::optional((*external).*field) : std::nullopt;
  };
  return sign_in_flow_record{
      .token_hash = flow.id,
      .state = std::string(state_name(flow.state)),
      .user_id = flow.user_id,
      .company_id = flow.company_id,
      .method = second_factor ? std::optional(std::string(method_name(flow.method))) : std::nullopt,
      .sent_code = flow.sent_code,
      .last_sent_at = flow.last_sent_at,
      .created_at = flow.created_at,
      .expires_at = flow.expires_at,
      .ip = flow.started_by.ip,
      .user_agent = flow.started_by.user_agent,
      .language = tag_of(flow.language),
      .external_provider = part(&external_account::provider),
      .external_provider_name = part(&external_account::provider_name),
      .external_issuer = part(&external_account::issuer),
      .external_subject = part(&external_account::subject),
      .external_email = part(&external_account::email),
      .external_name = part(&external_account::name),
  };
}

std::optional<sign_in_flow> to_flow(const sign_in_flow_record& record) {
  const auto state = stored_state(record.state);
  if (!state || (*state == sign_in_state::bind) != !record.user_id.has_value()) return std::nullopt;
  sign_in_flow flow{.id = record.token_hash,
                    .state = *state,
                    .user_id = record.user_id,
                    .company_id = record.company_id,
                    .method = two_factor_method::app,
                    .sent_code = record.sent_code,
                    .last_sent_at = record.last_sent_at,
                    .created_at = record.created_at,
                    .expires_at = record.expires_at,
                    .started_by = {.ip = record.ip, .user_agent = record.user_agent},
                    .language = record.language ? i18n::parse_language(*record.language) : std::nullopt,
                    .external = external_of(record)};
  if (flow.state == sign_in_state::bind && !flow.external) return std::nullopt;
  if (flow.state == sign_in_state::second_factor) {
    const auto method = record.method ? parse_method(*record.method) : std::nullopt;
    if (!method) return std::nullopt;
    flow.method = *method;
  }
  return flow;
}

sign_in_state state_at(const sign_in_flow& flow, timestamp now) {
  return flow.expires_at <= now ? sign_in_state::password : flow.state;
}

sign_in_state state_for(const sign_in_flow& flow, const user& account, timestamp now) {
  const auto state = state_at(flow, now);
  return state == sign_in_state::second_factor && lock_of(account, now) ? sign_in_state::locked : state;
}

bool still_fits(const sign_in_flow& flow, const user& account, const std::optional<two_factor_method>& method) {
  if (account.disabled) return false;
  switch (flow.state) {
    case sign_in_state::new_password: return account.must_change_password;
    case sign_in_state::second_factor: return method == flow.method;
    default: return true;
  }
}

std::vector<std::string_view> methods_of(const sign_in_flow& flow) {
  if (flow.state != sign_in_state::second_factor) return {"password"};
  return {method_name(flow.method), "backup_code"};
}

std::chrono::seconds seconds_until(timestamp end, timestamp now) {
  return std::max(std::chrono::seconds{0}, std::chrono::duration_cast<std::chrono::seconds>(end - now));
}

second_step_view view_of(const sign_in_flow& flow, const user& account, const std::optional<std::string>& phone,
                         timestamp now) {
  second_step_view view{.method = flow.method,
                        .sent_to = {},
                        .resend_in = std::chrono::seconds{0},
                        .expires_in = seconds_until(flow.expires_at, now),
                        .attempts_left = attempts_left(account.lockout, now),
                        .remember_days = trust_days_for(account)};
  if (sends_codes(flow.method)) {
    view.sent_to = destination_hint({.method = flow.method, .phone = phone}, account);
    view.resend_in = otp::countdown_state{flow.last_sent_at}.seconds_left(now);
  }
  return view;
}

sign_in_state state_after(const sign_in_outcome& outcome, sign_in_state from) {
  const auto refused_password = from == sign_in_state::bind ? sign_in_state::bind : sign_in_state::password;
  return std::visit(
      overloaded{
          [](const signed_in& done) { return done.setup_required ? sign_in_state::setup_required : sign_in_state::signed_in; },
          [](const flow_waiting& next) { return next.flow.state; },
          [](const account_locked&) { return sign_in_state::locked; },
          [](const code_rejected&) { return sign_in_state::second_factor; },
          [](const remember_not_allowed&) { return sign_in_state::second_factor; },
          [](const nothing_to_resend&) { return sign_in_state::second_factor; },
          [](const resend_too_soon&) { return sign_in_state::second_factor; },
          [](const field_errors&) { return sign_in_state::new_password; },
          [&](const sign_in_denied&) { return refused_password; },
          [&](const sign_in_throttled&) { return refused_password; },
          [](const auto&) { return sign_in_state::password; },  // gone
      },
      outcome);
}

std::string_view reason_code(denial_reason reason) {
  switch (reason) {
    case denial_reason::unknown_company: return "unknown_company";
    case denial_reason::unknown_account: return "unknown_account";
    case denial_reason::wrong_password: return "wrong_password";
    case denial_reason::disabled: return "disabled";
    case denial_reason::locked: return "locked";
    case denial_reason::blocked_device: return "blocked_device";
    case denial_reason::blocked_location: return "blocked_location";
  }
  return "unknown";
}

}  // namespace twofold::server
