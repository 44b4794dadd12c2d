#pragma once
// Step-up: a sensitive change (turning 2FA off, new backup codes) needs a
// fresh proof that the person at the keyboard is the user: a sign-in less
// than the step-up window ago (5 minutes by default), or the password again (NIST SP 800-63B §7.1:
// reauthentication before sensitive operations). A password that is sent is
// always checked, even within the window. Wrong passwords are throttled like
// sign-ins, per address and per user.
#include <chrono>
#include <optional>
#include <string>

#include "account/client_info.hpp"
#include "auth/sessions.hpp"

namespace twofold::server {

class storage;
class password_hasher;
class sign_in_throttle;


enum class step_up_outcome { allowed, password_required, password_rejected, throttled };

struct step_up_result {
  step_up_outcome outcome = step_up_outcome::password_required;
  std::chrono::seconds retry_after{0};  // with throttled
};

class step_up_check {
 public:
  step_up_check(storage& store, const password_hasher& hasher, sign_in_throttle& throttle,
                std::chrono::seconds window);

  // Whether the session is too old to change security settings without the password.
  [[nodiscard]] bool required(const session_record& session, timestamp now) const;

  [[nodiscard]] step_up_result check(const active_session& session, const std::optional<std::string>& password,
                                     const client_info& client, timestamp now);

 private:
  storage& store_;
  const password_hasher& hasher_;
  sign_in_throttle& throttle_;
  std::chrono::seconds window_;
};

}  // namespace twofold::server
