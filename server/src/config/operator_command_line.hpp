#pragma once
// The operator's commands on the server machine, parsed from the command
// line: `twofold-server <group> <verb> [options] [server options]`, e.g.
//
//   twofold-server company add --name "Acme Corp" --language en --admin-username alice
//       --admin-email alice@acme.example
//   twofold-server user unlock --company "Acme Corp" --user alice --data-dir /var/lib/twofold
//   twofold-server backup --to /backups/twofold-2026-01-01.db
//   twofold-server copy-sqlite --to postgresql://twofold@db.example/twofold
//       (also spelled `twofold-server --copy-sqlite-to URL`)
//
// A command reads the server's configuration from the same sources as the
// server (command line, environment, --config file; config.hpp), so it finds
// the same data directory and builds the same links and mail. What a command
// does is in server/src/operator; this file only reads what was asked.
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "twofold/result.hpp"

namespace twofold::server {

enum class operator_verb {
  company_add,
  company_list,
  company_disable,
  company_enable,
  user_list,
  user_unlock,
  user_reset_password,
  backup,
  copy_sqlite,
};

struct operator_command {
  operator_verb verb = operator_verb::company_list;
  std::string company;  // a company's name or key (case-insensitive), as at sign-in
  // company add
  std::string name;
  std::string language;
  std::string admin_username;
  std::string admin_email;
  std::string admin_display_name;  // empty: the username
  // user unlock / reset-password: a username or an email address
  std::string user;
  // company add, user reset-password: a temporary password even when a link could be built
  bool temporary_password = false;
  // backup: a file; copy-sqlite: a PostgreSQL URL
  std::string to;
  bool overwrite = false;
};

struct operator_command_load {
  std::optional<operator_command> command;  // empty: only help was asked for
  config cfg;                               // filled with a command
  std::string help_text;                    // filled for help
};

// Whether the first argument names a command group (company, user, backup, copy-sqlite),
// rather than the server's options.
[[nodiscard]] bool is_operator_command(int argc, const char* const argv[]);

// Never throws. An error is a usage error (the caller exits with 2).
[[nodiscard]] result<operator_command_load, std::string> load_operator_command(
    int argc, const char* const argv[], const std::vector<std::string>& environment);

// The commands in one paragraph, for the server's --help.
[[nodiscard]] std::string operator_commands_summary();

}  // namespace twofold::server
