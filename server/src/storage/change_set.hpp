#pragma once
// The writes that one decision produces (a sign-in: a new session, the old one
// deleted, maybe a rehashed password, an audit event), handed to
// storage::apply as data so they land together in one transaction or not at all.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "storage/records.hpp"

namespace twofold::server {

struct password_change {
  row_id user_id = 0;
  std::string password_hash;
};

struct session_touch {
  session_token_hash token_hash{};
  timestamp last_seen_at{};
};

// Sessions past their absolute expiry, or unused for idle_timeout, at `now`.
struct expired_sessions {
  timestamp now{};
  std::chrono::seconds idle_timeout{};
};

// Applied in this order: purge, deletions, insertions, touches, password
// changes, audit events, mail. Mail is enqueued here rather than sent, so a
// message exists exactly when the change that caused it was committed.
struct change_set {
  std::optional<expired_sessions> purge;
  std::vector<session_token_hash> sessions_to_delete;
  std::vector<session_record> sessions_to_insert;
  std::vector<session_touch> session_touches;
  std::vector<password_change> password_changes;
  std::vector<audit_event_record> audit_events;
  std::vector<outbox_mail_record> mail_to_enqueue;
};

}  // namespace twofold::server
