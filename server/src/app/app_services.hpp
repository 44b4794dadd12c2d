#pragma once
// Everything the API's handlers use, built once per app from its
// configuration, storage, clock, server key and logger (all outliving it).
#include "admin/agent_accounts.hpp"
#include "admin/agent_changes.hpp"
#include "admin/agent_two_factor.hpp"
#include "admin/people.hpp"
#include "admin/sso_settings.hpp"
#include "admin/two_factor_policy_admin.hpp"
#include "app/setup_gate.hpp"
#include "auth/password_blocklist.hpp"
#include "auth/password_hasher.hpp"
#include "auth/public_links.hpp"
#include "auth/sessions.hpp"
#include "auth/sign_in_throttle.hpp"
#include "auth/step_up.hpp"
#include "config/config.hpp"
#include "account/sign_in_origin.hpp"
#include "flows/password_reset.hpp"
#include "flows/password_reset_worker.hpp"
#include "flows/sign_in_service.hpp"
#include "flows/sso_service.hpp"
#include "flows/two_factor_setup_service.hpp"
#include "security_center/devices_and_locations.hpp"
#include "security_center/session_list.hpp"
#include "security_center/session_sign_out.hpp"
#include "security_center/sign_in_activity.hpp"
#include "two_factor/trusted_browsers.hpp"
#include "two_factor/two_factor_settings.hpp"

namespace twofold::server {

class logger;

struct app_services {
  // Computes the dummy password hash (one Argon2id run): build it once at start.
  app_services(const config& configuration, storage& store, const clock& clk, const server_key& key,
               const password_hasher& password_hashes, logger& logs);
  app_services(const app_services&) = delete;
  app_services& operator=(const app_services&) = delete;

  const config cfg;
  storage& store;
  const clock& clk;
  logger& log;
  password_hasher hasher;
  public_links links;
  std::shared_ptr<const user_agent_parser> agents_parser;  // uap-core's rules
  place_locator places;                                    // the location database, when configured
  origin_finder origin;
  std::shared_ptr<const password_blocklist> blocklist;  // --password-blocklist's files
  sign_in_throttle throttle;
  session_service sessions;
  sign_in_service sign_in;
  step_up_check step_up;
  two_factor_setup_service setup;
  two_factor_settings settings;
  trusted_browsers trusted;
  setup_gate gate;
  sign_in_throttle forgot_throttle;
  password_reset_service resets;
  password_reset_worker reset_requests;  // started by whoever runs the server
  people_admin people;
  two_factor_policy_admin policy;
  agent_two_factor_admin agent_two_factor;
  agent_changes agents;
  agent_accounts accounts;
  sso_service sso;
  sso_settings_admin sso_settings;
  session_list where_signed_in;
  session_sign_out sign_out;
  devices_and_locations origins;
  sign_in_activity activity;
};

}  // namespace twofold::server
