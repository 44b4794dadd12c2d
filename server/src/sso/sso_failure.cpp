#include "sso/sso_failure.hpp"

namespace twofold::server {

std::string_view failure_code(sso_failure failure) {
  switch (failure) {
    case sso_failure::state_unknown: return "state_unknown";
    case sso_failure::state_used: return "state_used";
    case sso_failure::state_expired: return "state_expired";
    case sso_failure::browser_mismatch: return "browser_mismatch";
    case sso_failure::provider_error: return "provider_error";
    case sso_failure::provider_unreachable: return "provider_unreachable";
    case sso_failure::provider_garbage: return "provider_garbage";
    case sso_failure::token_refused: return "token_refused";
    case sso_failure::algorithm_refused: return "algorithm_refused";
    case sso_failure::key_unknown: return "key_unknown";
    case sso_failure::signature_invalid: return "signature_invalid";
    case sso_failure::issuer_mismatch: return "issuer_mismatch";
    case sso_failure::audience_mismatch: return "audience_mismatch";
    case sso_failure::azp_mismatch: return "azp_mismatch";
    case sso_failure::token_expired: return "token_expired";
    case sso_failure::token_not_yet_valid: return "token_not_yet_valid";
    case sso_failure::nonce_mismatch: return "nonce_mismatch";
    case sso_failure::tenant_mismatch: return "tenant_mismatch";
    case sso_failure::company_mismatch: return "company_mismatch";
    case sso_failure::already_linked: return "already_linked";
    case sso_failure::account_disabled: return "account_disabled";
    case sso_failure::account_locked: return "account_locked";
    case sso_failure::origin_blocked: return "origin_blocked";
  }
  return "unknown";
}

}  // namespace twofold::server
