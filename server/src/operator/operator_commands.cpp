#include "operator/operator_commands.hpp"

#include <ostream>

#include "admin/people.hpp"
#include "auth/password_hasher.hpp"
#include "auth/public_links.hpp"
#include "mail/configured_transport.hpp"
#include "mail/mail_channel.hpp"
#include "mail/outbox_claimer.hpp"
#include "mail/outbox_sender.hpp"
#include "operator/companies.hpp"
#include "operator/operator_database.hpp"
#include "operator/operator_table.hpp"
#include "operator/people_commands.hpp"
#include "runtime/clock.hpp"
#include "runtime/logger.hpp"
#include "storage/sqlite_backup.hpp"
#include "storage/sqlite_to_postgresql.hpp"

namespace twofold::server {

namespace {

// What one command needs beside its own arguments.
struct command_context {
  const operator_command& command;
  const config& cfg;
  const clock& clk;
  storage& store;
  std::ostream& out;
  std::ostream& err;
};

int refused(const operator_failure& problem, std::ostream& err) {
  err << "twofold-server: " << problem.message << '\n';
  return problem.usage ? 2 : 1;
}

// Delivers what is due in the outbox now, rather than when the running
// server next looks (outbox_sender::max_idle_wait); a failed delivery stays
// there for the server to retry.
void send_mail_now(const command_context& context, const std::string& recipient) {
  logger log(context.err, log_level::warn);
  const auto transport = configured_transport(context.cfg, log);
  mail_channel channel(context.store, *transport);
  outbox_sender sender(channel, command_claimer(), context.clk, log);
  const auto pass = sender.deliver_due();
  if (pass.failed == 0) {
    context.out << "Mailed to " << recipient << ".\n";
  } else {
    context.err << "twofold-server: the mail to " << recipient
                << " could not be sent now; the server retries it (its log tells why)\n";
  }
}

void tell_password(const command_context& context, const user& person, const password_handout& handout) {
  if (handout.link) {
    context.out << "One-time link to set a password (valid 24 hours):\n  " << *handout.link << '\n';
  } else if (handout.temporary_password) {
    context.out << "Temporary password (to be changed at the first sign-in):\n  " << *handout.temporary_password
                << '\n';
  }
  if (handout.mailed) send_mail_now(context, person.email);
}

int company_add(const command_context& context, const password_hasher& hasher, const public_links& links) {
  const auto& command = context.command;
  const auto added = add_company(context.store, hasher, links, handout_settings_of(context.cfg, command.temporary_password),
                                 {.name = command.name,
                                  .language = command.language,
                                  .admin_username = command.admin_username,
                                  .admin_email = command.admin_email,
                                  .admin_display_name = command.admin_display_name},
                                 context.clk.now());
  if (!added) return refused(added.error(), context.err);
  context.out << "Company \"" << added->company.name << "\" added (key " << added->company.key << ", language "
              << added->company.default_language << "), administrator " << added->admin.username << " <"
              << added->admin.email << ">.\n";
  tell_password(context, added->admin, added->password);
  return 0;
}

int company_list(const command_context& context) {
  operator_table table({"KEY", "NAME", "LANGUAGE", "ADMINS", "PEOPLE", "DISABLED"});
  for (const auto& row : context.store.list_companies()) {
    table.add({row.company.key, row.company.name, row.company.default_language, std::to_string(row.admins),
               std::to_string(row.people), row.company.disabled ? "yes" : "no"});
  }
  table.print(context.out);
  return 0;
}

int company_disabled(const command_context& context, bool disabled) {
  const auto state = set_company_disabled(context.store, context.command.company, disabled, context.clk.now());
  if (!state) return refused(state.error(), context.err);
  const std::string what = disabled ? "disabled" : "enabled";
  context.out << "Company \"" << state->company.name << "\" " << (state->changed ? "" : "was already ") << what
              << (state->changed && disabled ? ": its people are signed out and cannot sign in" : "") << ".\n";
  return 0;
}

int user_list(const command_context& context) {
  const auto people = list_people(context.store, context.command.company);
  if (!people) return refused(people.error(), context.err);
  const timestamp now = context.clk.now();
  operator_table table({"USERNAME", "EMAIL", "NAME", "ROLE", "2FA", "LOCKED", "DISABLED"});
  for (const auto& row : *people) {
    table.add({row.user.username, row.user.email, row.user.display_name, row.user.role,
               row.two_factor_method.value_or("off"), is_locked(row.user, now) ? "yes" : "no",
               row.user.disabled ? "yes" : "no"});
  }
  table.print(context.out);
  return 0;
}

int user_unlock(const command_context& context) {
  const auto unlocked = unlock_person(context.store, context.command.company, context.command.user, context.clk.now());
  if (!unlocked) return refused(unlocked.error(), context.err);
  context.out << (unlocked->was_locked ? "Unlocked " : "Not locked; wrong codes forgotten for ")
              << unlocked->person.username << ".\n";
  return 0;
}

int user_reset_password(const command_context& context, const password_hasher& hasher, const public_links& links) {
  const auto& command = context.command;
  const auto reset = reset_person_password(context.store, hasher, links,
                                           handout_settings_of(context.cfg, command.temporary_password),
                                           command.company, command.user, context.clk.now());
  if (!reset) return refused(reset.error(), context.err);
  context.out << "New password for " << reset->person.username << "; their sessions have ended.\n";
  tell_password(context, reset->person, reset->password);
  return 0;
}

int backup(const operator_command& command, const config& cfg, std::ostream& out, std::ostream& err) {
  if (cfg.database) {
    return refused({.message = "backup copies the SQLite database; back up PostgreSQL with its own tools "
                               "(pg_dump), and keep " + (std::filesystem::path(cfg.data_dir) / "server.key").string() +
                               " with it",
                    .usage = false},
                   err);
  }
  const auto report = backup_database(database_path(cfg.data_dir), command.to, command.overwrite);
  if (!report) return refused({.message = report.error(), .usage = false}, err);
  out << "Backed up " << database_path(cfg.data_dir).string() << " to " << report->file.string() << " ("
      << report->bytes << " bytes, " << report->pages << " pages, schema version " << report->schema_version
      << "; integrity check ok).\n"
      << "Keep " << cfg.server_key_path()
      << " with it: sealed secrets and codes cannot be read without it.\n";
  return 0;
}

// The URL is not repeated: it may hold a password.
int copy_sqlite(const operator_command& command, const config& cfg, const clock& clk, std::ostream& out,
                std::ostream& err) {
  const auto source = database_path(cfg.data_dir);
  const auto report = copy_sqlite_to_postgresql(source, {.url = command.to}, clk.now());
  if (!report) return refused({.message = report.error(), .usage = false}, err);
  out << "Copied " << source.string() << " (schema version " << report->schema_version
      << ") to PostgreSQL in one transaction; the rows of each table, counted on both sides:\n";
  operator_table table({"TABLE", "ROWS"});
  for (const auto& copied : report->tables) table.add({copied.name, std::to_string(copied.rows)});
  table.add({"total", std::to_string(report->total_rows)});
  table.print(out);
  out << "Start the servers with --database and the server key " << cfg.server_key_path()
      << " (the same file for each): sealed secrets and codes cannot be read without it.\n";
  return 0;
}

int dispatch(const command_context& context) {
  const password_hasher hasher({.memory_kib = context.cfg.argon2_memory_kib, .iterations = context.cfg.argon2_iterations});
  const public_links links(context.cfg);
  switch (context.command.verb) {
    case operator_verb::company_add: return company_add(context, hasher, links);
    case operator_verb::company_list: return company_list(context);
    case operator_verb::company_disable: return company_disabled(context, true);
    case operator_verb::company_enable: return company_disabled(context, false);
    case operator_verb::user_list: return user_list(context);
    case operator_verb::user_unlock: return user_unlock(context);
    case operator_verb::user_reset_password: return user_reset_password(context, hasher, links);
    case operator_verb::backup:
    case operator_verb::copy_sqlite: break;  // need no open store (run_operator_command)
  }
  return 1;
}

}  // namespace

int run_operator_command(const operator_command& command, const config& cfg, const clock& clk, std::ostream& out,
                         std::ostream& err) {
  try {
    if (command.verb == operator_verb::backup) return backup(command, cfg, out, err);
    if (command.verb == operator_verb::copy_sqlite) return copy_sqlite(command, cfg, clk, out, err);
    auto store = open_operator_database(cfg);
    if (!store) return refused(store.error(), err);
    return dispatch({.command = command, .cfg = cfg, .clk = clk, .store = **store, .out = out, .err = err});
  } catch (const std::exception& error) {  // the database failed (storage_failure), or out of memory
    err << "twofold-server: " << error.what() << '\n';
    return 1;
  }
}

}  // namespace twofold::server
