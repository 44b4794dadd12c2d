#pragma once
// Records for an administrator's changes to the people of their company and
// for reading the company's audit log: plain strings and integers, like
// records.hpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/records.hpp"

namespace twofold::server {

// What an administrator may edit about a user; the whole set is written.
struct user_profile_change {
  row_id user_id = 0;
  std::string display_name;
  std::string email;                    // lower case
  std::string role;                     // "admin" | "agent"
  std::optional<std::string> language;  // BCP 47 tag; empty: the company default
};

struct user_disabled_change {
  row_id user_id = 0;
  bool disabled = false;
};

// Guard: `user_id` is still an active (not disabled) administrator of
// `company_id`. Two administrators demoting or disabling each other at once
// leave one of them, never none.
struct active_admin {
  row_id user_id = 0;
  row_id company_id = 0;
};

// Guard: the user still exists in `company_id` (two deletions at once delete
// and audit once).
struct person_exists {
  row_id user_id = 0;
  row_id company_id = 0;
};

// Guard: no user of `company_id` but `except_user_id` has `email`.
struct email_free {
  row_id company_id = 0;
  std::string email;  // lower case
  row_id except_user_id = 0;
};

// Which audit events to read; every set field must match. The user filters
// match the user an event is about or the administrator who acted
// (detail.by_user_id).
struct audit_query_record {
  std::optional<row_id> user_id;
  // A plain substring (no wildcards) of the user's username, email or display
  // name, case-insensitive for ASCII; also the username a deleted user had.
  std::optional<std::string> account;
  std::optional<std::string> event;
  std::optional<timestamp> from;  // inclusive
  std::optional<timestamp> to;    // inclusive
  bool about_user_only = false;   // user_id's own log: not the events where they acted as administrator
};

// Sign-ins and failures per hour in [from, to): the event names of each, as
// JSON arrays of strings (the audit layer names them).
struct activity_query_record {
  timestamp from{};
  timestamp to{};
  std::string sign_in_events_json = "[]";
  std::string failure_events_json = "[]";
};

// Sign-ins and failures of one hour (its start, whole seconds since the epoch).
struct activity_hour_record {
  std::int64_t hour_start = 0;
  std::int64_t sign_ins = 0;
  std::int64_t failures = 0;
};

struct audit_entry_record {
  row_id id = 0;
  audit_event_record event;
  std::optional<std::string> username;  // the user's, while the user exists
  std::optional<std::string> display_name;
  // The acting administrator's (detail.by_user_id), while they exist.
  std::optional<std::string> actor_username;
  std::optional<std::string> actor_display_name;
};

struct audit_page_record {
  std::vector<audit_entry_record> events;  // newest first
  std::int64_t total = 0;                  // all matches, every page
};

}  // namespace twofold::server
