// twofold-server: loads the configuration, opens and migrates the database,
// creates the demo company on first start, starts the forgot-password worker
// and, once the port is bound, the outbox senders (mail and SMS), then serves
// until SIGINT/SIGTERM. Or, given an operator's command
// (`twofold-server company add ...`, operator/), runs it and exits.
#include <sodium.h>

#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "account/audit_retention.hpp"
#include "auth/session_pruning.hpp"
#include "app/app.hpp"
#include "app/route.hpp"
#include "app/watch_api.hpp"
#include "auth/password_blocklist.hpp"
#include "auth/password_hasher.hpp"
#include "config/config.hpp"
#include "config/operator_command_line.hpp"
#include "demo/demo_company.hpp"
#include "flows/password_reset_worker.hpp"
#include "http/server.hpp"
#include "mail/configured_transport.hpp"
#include "mail/mail_channel.hpp"
#include "mail/outbox_claimer.hpp"
#include "mail/outbox_retention.hpp"
#include "mail/outbox_sender.hpp"
#include "operator/operator_commands.hpp"
#include "runtime/clock.hpp"
#include "runtime/logger.hpp"
#include "runtime/open_file_limit.hpp"
#include "sms/configured_sms_transport.hpp"
#include "sms/sms_channel.hpp"
#include "storage/postgresql_storage.hpp"
#include "storage/sqlite_storage.hpp"
#include "two_factor/server_key.hpp"
#include "two_factor/server_key_check.hpp"
#include "two_factor/trusted_browser_pruning.hpp"

extern char** environ;

namespace {

using namespace twofold::server;

std::vector<std::string> environment_entries() {
  std::vector<std::string> entries;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) entries.emplace_back(*entry);
  return entries;
}

log_level log_level_named(const std::string& name) {
  if (name == "debug") return log_level::debug;
  if (name == "warn") return log_level::warn;
  if (name == "error") return log_level::error;
  return log_level::info;
}

// The route table as declared (app/route.hpp) and the paths beside it
// (app/watch_api.hpp), for docs/openapi.yaml's test.
void print_routes() {
  auto routes = nlohmann::json::array();
  for (const auto& route : app::api_routes()) {
    routes.push_back({{"method", route.method},
                      {"path", route.path},
                      {"access", access_name(route.who)},
                      {"body", route.body != body_kind::none}});
  }
  for (const auto& watched : watch_paths) {
    routes.push_back({{"method", "GET"}, {"path", watched.path}, {"access", watched.access}, {"body", false}});
  }
  std::cout << routes.dump() << '\n';
}

// Where this process can be reached from the machine it runs on.
std::string local_url(const config& cfg, std::uint16_t port) {
  config bound = cfg;
  bound.port = port;
  bound.public_url.clear();
  return bound.public_origin();
}

// Each connection holds a file descriptor: take as many as the operator
// allows (LimitNOFILE in deploy/twofold.service), and say how many.
void raise_open_files(const config& cfg, logger& log) {
  const auto limit = raise_open_file_limit();
  if (!limit) {
    log.warn("server.open_file_limit_failed", {{"error", limit.error()}});
    return;
  }
  log.info("server.open_file_limit", {{"soft", limit->soft}, {"hard", limit->hard}, {"soft_before", limit->soft_before}});
  if (cfg.max_connections >= limit->soft) {
    log.warn("server.max_connections_over_open_file_limit",
             {{"max_connections", cfg.max_connections}, {"open_file_limit", limit->soft}});
  }
}

// PostgreSQL when --database names one (several servers may share it),
// else SQLite in the data directory.
std::unique_ptr<sql_storage> open_configured_storage(const config& cfg) {
  if (!cfg.database) return open_sqlite_storage(cfg.data_dir);
  return open_postgresql_storage({.connection = {.url = *cfg.database}, .size = cfg.database_pool_size});
}

int run(const config& cfg) {
  logger log(std::cout, log_level_named(cfg.log_level));
  raise_open_files(cfg, log);
  try {
    const system_clock clk;
    const auto database = open_configured_storage(cfg);
    sql_storage& store = *database;
    store.migrate(clk.now());
    const auto key = server_key::load_or_create(cfg.server_key_path());
    if (auto mismatch = server_key_mismatch(store, key, cfg.server_key_path(), clk.now())) {
      throw std::runtime_error(*mismatch);
    }
    const password_hasher hasher({.memory_kib = cfg.argon2_memory_kib, .iterations = cfg.argon2_iterations});
    const auto blocklist = shared_password_blocklist(cfg.password_blocklist);
    if (auto demo = seed_demo_company(store, hasher, *blocklist, clk.now())) announce(*demo, log, std::cerr);
    const auto mail_transport = configured_transport(cfg, log);
    mail_channel mail(store, *mail_transport);
    const auto sms_transport = configured_sms_transport(cfg, log);
    sms_channel sms(store, *sms_transport);
    // Made once the port is bound: their claims are named by it (mail/outbox_claimer.hpp).
    std::optional<outbox_sender> mail_sender;
    std::optional<outbox_sender> sms_sender;

    auto audit_retention = audit_pruner(store, clk, log, cfg.audit_retention);
    audit_retention.start();
    auto expired_sessions = session_pruner(store, clk, log, session_policy_of(cfg));
    expired_sessions.start();
    auto sent_messages = outbox_pruner(store, clk, log);
    sent_messages.start();
    auto ended_trust = trusted_browser_pruner(store, clk, log);
    ended_trust.start();

    app application(cfg, store, clk, key, hasher, log);
    application.watch("mail_sender", [&mail_sender] { return mail_sender && mail_sender->running(); });
    application.watch("sms_sender", [&sms_sender] { return sms_sender && sms_sender->running(); });
    password_reset_worker& reset_requests = application.reset_requests();
    application.watch("password_reset_worker", [&reset_requests] { return reset_requests.running(); });
    store.set_reset_request_listener([&reset_requests] { reset_requests.notify(); });
    reset_requests.start();
    const request_handler handler{
        .lane_of = [&application](const http_request& request) { return application.lane_of(request); },
        .handle = [&application](const http_request& request) { return application.handle(request); }};
    const int status = serve(cfg, handler, log, [&](std::uint16_t port) {
      const std::string claimer = server_claimer(cfg.listen_address, port);
      mail_sender.emplace(mail, claimer, clk, log);
      store.set_mail_listener([&mail_sender] { mail_sender->notify(); });
      mail_sender->start();
      sms_sender.emplace(sms, claimer, clk, log);
      store.set_sms_listener([&sms_sender] { sms_sender->notify(); });
      sms_sender->start();
      application.listening_on(port);
      nlohmann::json fields = {{"port", port}, {"url", local_url(cfg, port)}, {"tls", cfg.tls_enabled()}};
      if (!cfg.public_url.empty()) fields["public_url"] = cfg.public_origin();
      fields["outbox_claimer"] = claimer;
      log.info("server.listening", fields);
    });
    store.set_mail_listener({});
    store.set_sms_listener({});
    store.set_reset_request_listener({});
    reset_requests.stop();  // before the mail sender, which then delivers what it queued
    if (mail_sender) mail_sender->stop();  // after the in-flight delivery; the rest waits in the outbox
    if (sms_sender) sms_sender->stop();
    audit_retention.stop();
    expired_sessions.stop();
    return status;
  } catch (const std::exception& error) {
    log.error("server.start_failed", {{"error", error.what()}});
    std::cerr << "twofold-server: " << error.what() << '\n';
    return 1;
  }
}

}  // namespace

int main(int argc, char* argv[]) {
  if (sodium_init() < 0) {
    std::cerr << "twofold-server: libsodium could not be initialised\n";
    return 1;
  }
  if (is_operator_command(argc, argv)) {
    const auto command = load_operator_command(argc, argv, environment_entries());
    if (!command) {
      std::cerr << "twofold-server: " << command.error() << '\n';
      return 2;
    }
    if (!command->command) {
      std::cout << command->help_text;
      return 0;
    }
    return run_operator_command(*command->command, command->cfg, system_clock{}, std::cout, std::cerr);
  }
  const auto loaded = load_config(argc, argv, environment_entries());
  if (!loaded) {
    std::cerr << "twofold-server: " << loaded.error() << '\n';
    return 2;
  }
  switch (loaded->action) {
    case config_action::show_help: std::cout << loaded->help_text; return 0;
    case config_action::list_routes: print_routes(); return 0;
    case config_action::run: break;
  }
  return run(loaded->cfg);
}
