#include "auth/step_up.hpp"

#include <string>

#include "auth/password_hasher.hpp"
#include "auth/sign_in_throttle.hpp"
#include "storage/storage.hpp"

namespace twofold::server {

namespace {

std::string throttle_key(row_id user_id) { return "step_up:" + std::to_string(user_id); }

}  // namespace

step_up_check::step_up_check(storage& store, const password_hasher& hasher, sign_in_throttle& throttle,
                             std::chrono::seconds window)
    : store_(store), hasher_(hasher), throttle_(throttle), window_(window) {}

bool step_up_check::required(const session_record& session, timestamp now) const {
  return now - session.created_at >= window_;
}

step_up_result step_up_check::check(const active_session& session, const std::optional<std::string>& password,
                                    const client_info& client, timestamp now) {
  if (!password || password->empty()) {
    return {.outcome = required(session.record, now) ? step_up_outcome::password_required
                                                             : step_up_outcome::allowed};
  }
  const std::string key = throttle_key(session.account.id);
  // Step-up refusals are not audited (no window's row is written).
  const auto gate = throttle_.begin_attempt(client.ip, key, now);
  if (gate.wait.count() > 0) return {.outcome = step_up_outcome::throttled, .retry_after = gate.wait};
  const auto record = store_.find_user(session.account.id);
  const bool right = record && hasher_.verify(record->password_hash, *password) != password_check::wrong;
  throttle_.end_attempt(client.ip, key, right ? attempt_outcome::succeeded : attempt_outcome::failed, now);
  return {.outcome = right ? step_up_outcome::allowed : step_up_outcome::password_rejected};
}

}  // namespace twofold::server
