#include "config/operator_command_line.hpp"

#include <algorithm>
#include <iterator>
#include <sstream>
#include <string_view>

#include <boost/program_options.hpp>

#include "config/database_url.hpp"

namespace twofold::server {

namespace po = boost::program_options;

namespace {

struct option_spec {
  std::string_view name;
  const char* value_name;  // nullptr: a switch, without a value
  const char* description;
};

constexpr option_spec name_option{"name", "NAME", "the company's name, as people type it when they sign in"};
constexpr option_spec language_option{"language", "TAG", "the company's default language: en or zh-CN"};
constexpr option_spec admin_username_option{"admin-username", "NAME", "the first administrator's username"};
constexpr option_spec admin_email_option{"admin-email", "ADDRESS", "the first administrator's email address"};
constexpr option_spec admin_name_option{"admin-name", "NAME",
                                        "the first administrator's display name (default: the username)"};
constexpr option_spec company_option{"company", "NAME", "the company's name (case does not matter)"};
constexpr option_spec user_option{"user", "ACCOUNT", "the person's username or email address"};
constexpr option_spec temporary_option{
    "temporary-password", nullptr,
    "print a temporary password, to be changed at the first sign-in, even when a link can be built"};
constexpr option_spec to_option{"to", "FILE", "where to write the copy"};
constexpr option_spec overwrite_option{"overwrite", nullptr, "replace FILE when it exists"};
constexpr option_spec postgresql_to_option{
    "to", "URL", "the new, empty PostgreSQL database: postgresql://user[:password]@host[:port]/database"};

struct command_spec {
  std::string_view group;
  std::string_view verb;  // empty: the group is the command (backup)
  operator_verb id;
  const char* summary;
  std::vector<option_spec> options;
  std::vector<std::string_view> required;
};

const std::vector<command_spec>& command_specs() {
  static const std::vector<command_spec> specs{
      {"company", "add", operator_verb::company_add,
       "Adds a company and its first administrator, and prints a one-time link to set a password (with "
       "--public-url) or a temporary password; mails the link when mail goes out by SMTP.",
       {name_option, language_option, admin_username_option, admin_email_option, admin_name_option, temporary_option},
       {"name", "language", "admin-username", "admin-email"}},
      {"company", "list", operator_verb::company_list,
       "Lists the companies: key, name, language, enabled administrators, people, and whether disabled.",
       {},
       {}},
      {"company", "disable", operator_verb::company_disable,
       "Disables a company: nobody of it signs in (answered as a wrong password) and their sessions end.",
       {company_option},
       {"company"}},
      {"company", "enable", operator_verb::company_enable, "Enables a disabled company again.", {company_option},
       {"company"}},
      {"user", "list", operator_verb::user_list,
       "Lists a company's people: username, email, role, 2FA method, locked, disabled.",
       {company_option},
       {"company"}},
      {"user", "unlock", operator_verb::user_unlock,
       "Lifts the lock that wrong second-factor codes put on an account, as an administrator would.",
       {company_option, user_option},
       {"company", "user"}},
      {"user", "reset-password", operator_verb::user_reset_password,
       "Gives a person a new password: a one-time link (with --public-url) or a temporary password; "
       "their sessions end. Mails the link when mail goes out by SMTP.",
       {company_option, user_option, temporary_option},
       {"company", "user"}},
      {"backup", "", operator_verb::backup,
       "Copies the database while the server runs (SQLite's online backup), checks the copy and only then "
       "names it FILE. Back up the server key (<data-dir>/server.key or --server-key-file) with it: sealed secrets and codes depend on it.",
       {to_option, overwrite_option},
       {"to"}},
      {"copy-sqlite", "", operator_verb::copy_sqlite,
       "Copies every table of the SQLite database of --data-dir, ids included, into an empty PostgreSQL "
       "database (migrated first), in one transaction, and prints each table's rows, counted on both sides. "
       "Stop the server first: what it writes after the copy began stays behind. The servers on PostgreSQL "
       "need the same server key (<data-dir>/server.key or --server-key-file).",
       {postgresql_to_option},
       {"to"}},
  };
  return specs;
}

std::string usage_of(const command_spec& spec) {
  std::string usage = "twofold-server " + std::string(spec.group);
  if (!spec.verb.empty()) usage += " " + std::string(spec.verb);
  for (const auto& option : spec.options) {
    const bool required = std::ranges::find(spec.required, option.name) != spec.required.end();
    std::string text = "--" + std::string(option.name) + (option.value_name ? std::string(" ") + option.value_name : "");
    usage += required ? " " + text : " [" + text + "]";
  }
  return usage + " [server options]";
}

std::string command_help(const command_spec& spec) {
  po::options_description description("Options");
  for (const auto& option : spec.options) {
    const std::string name(option.name);
    if (option.value_name) {
      description.add_options()(name.c_str(), po::value<std::string>()->value_name(option.value_name),
                                option.description);
    } else {
      description.add_options()(name.c_str(), option.description);
    }
  }
  description.add_options()("help", "show this help and exit");
  std::ostringstream text;
  text << "Usage: " << usage_of(spec) << "\n\n" << spec.summary << "\n\n" << description << '\n'
       << "Server options (--data-dir, --config, --public-url, the mail settings, ...) and their environment\n"
       << "variables are read as the server reads them (twofold-server --help): give the running server's.\n"
       << "Exit status: 0 done, 1 failed, 2 wrong usage.\n";
  return text.str();
}

std::string group_help(std::string_view group) {
  std::ostringstream text;
  text << "Usage: twofold-server " << group << " COMMAND [options]\n\nCommands:\n";
  for (const auto& spec : command_specs()) {
    if (spec.group == group) text << "  " << usage_of(spec) << "\n      " << spec.summary << "\n";
  }
  text << "\n`twofold-server " << group << " COMMAND --help` tells more.\n";
  return text.str();
}

bool is_group(std::string_view word) {
  return std::ranges::any_of(command_specs(), [&](const command_spec& spec) { return spec.group == word; });
}

const command_spec* find_spec(std::string_view group, std::string_view verb) {
  for (const auto& spec : command_specs()) {
    if (spec.group == group && spec.verb == verb) return &spec;
  }
  return nullptr;
}

bool asks_for_help(const std::vector<std::string>& arguments) {
  return std::ranges::any_of(arguments, [](const std::string& argument) { return argument == "--help" || argument == "-h"; });
}

// The command's own options, taken out of `arguments`; what is left is the server's.
struct split_arguments {
  std::vector<std::pair<std::string, std::string>> own;  // name, value ("" for a switch)
  std::vector<std::string> server;
};

result<split_arguments, std::string> split(const command_spec& spec, const std::vector<std::string>& arguments) {
  split_arguments parts;
  for (std::size_t at = 0; at < arguments.size(); ++at) {
    const std::string& argument = arguments[at];
    if (!argument.starts_with("--")) {
      parts.server.push_back(argument);
      continue;
    }
    const auto equals = argument.find('=');
    const std::string name = argument.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
    const auto option = std::ranges::find(spec.options, name, &option_spec::name);
    if (option == spec.options.end()) {
      parts.server.push_back(argument);
      continue;
    }
    if (!option->value_name) {
      if (equals != std::string::npos) return failure{"--" + name + " takes no value"};
      parts.own.emplace_back(name, "");
    } else if (equals != std::string::npos) {
      parts.own.emplace_back(name, argument.substr(equals + 1));
    } else if (at + 1 < arguments.size() && !arguments[at + 1].starts_with("--")) {
      parts.own.emplace_back(name, arguments[++at]);
    } else {
      return failure{"--" + name + " needs a value"};
    }
  }
  return parts;
}

result<operator_command, std::string> command_of(const command_spec& spec, const split_arguments& parts) {
  operator_command command;
  command.verb = spec.id;
  std::vector<std::string_view> given;
  for (const auto& [name, value] : parts.own) {
    if (std::ranges::find(given, name) != given.end()) return failure{"--" + name + " is given twice"};
    given.push_back(std::string_view(std::ranges::find(spec.options, name, &option_spec::name)->name));
    if (name == "name") command.name = value;
    else if (name == "language") command.language = value;
    else if (name == "admin-username") command.admin_username = value;
    else if (name == "admin-email") command.admin_email = value;
    else if (name == "admin-name") command.admin_display_name = value;
    else if (name == "company") command.company = value;
    else if (name == "user") command.user = value;
    else if (name == "temporary-password") command.temporary_password = true;
    else if (name == "to") command.to = value;
    else if (name == "overwrite") command.overwrite = true;
  }
  for (const auto required : spec.required) {
    if (std::ranges::find(given, required) == given.end()) {
      return failure{"--" + std::string(required) + " is required (usage: " + usage_of(spec) + ")"};
    }
  }
  return command;
}

// The server's options through the server's own loader (config.cpp).
result<config, std::string> server_config(const std::vector<std::string>& server_arguments,
                                          const std::vector<std::string>& environment) {
  std::vector<const char*> argv{"twofold-server"};
  for (const auto& argument : server_arguments) argv.push_back(argument.c_str());
  const auto loaded = load_config(static_cast<int>(argv.size()), argv.data(), environment);
  if (!loaded) return failure{loaded.error()};
  if (loaded->action != config_action::run) return failure{std::string("--list-routes is not an option of a command")};
  return loaded->cfg;
}

// `--copy-sqlite-to URL`, as the move to PostgreSQL was first named, is
// `copy-sqlite --to URL`.
constexpr std::string_view copy_sqlite_to = "--copy-sqlite-to";

bool names_copy_sqlite_to(std::string_view word) {
  return word == copy_sqlite_to || word.starts_with(std::string(copy_sqlite_to) + "=");
}

std::vector<std::string> command_words(int argc, const char* const argv[]) {
  std::vector<std::string> words(argv + 1, argv + argc);
  if (!names_copy_sqlite_to(words.front())) return words;
  const std::string to = "--to" + words.front().substr(copy_sqlite_to.size());  // "--to" or "--to=URL"
  words.front() = to;
  words.insert(words.begin(), "copy-sqlite");
  return words;
}

result<operator_command_load, std::string> load(int argc, const char* const argv[],
                                                const std::vector<std::string>& environment) {
  const std::vector<std::string> words = command_words(argc, argv);
  const std::string& group = words.front();
  const bool has_verb = find_spec(group, "") == nullptr;
  if (has_verb && (words.size() < 2 || words[1].starts_with("-"))) {
    if (asks_for_help(words)) return operator_command_load{.command = {}, .cfg = {}, .help_text = group_help(group)};
    return failure{group + " needs a command\n" + group_help(group)};
  }
  const std::string verb = has_verb ? words[1] : "";
  const command_spec* spec = find_spec(group, verb);
  if (!spec) return failure{"unknown command \"" + group + " " + verb + "\"\n" + group_help(group)};
  const std::vector<std::string> arguments(words.begin() + (has_verb ? 2 : 1), words.end());
  if (asks_for_help(arguments)) return operator_command_load{.command = {}, .cfg = {}, .help_text = command_help(*spec)};
  auto parts = split(*spec, arguments);
  if (!parts) return failure{parts.error()};
  auto command = command_of(*spec, *parts);
  if (!command) return failure{command.error()};
  auto cfg = server_config(parts->server, environment);
  if (!cfg) return failure{cfg.error()};
  if (spec->id == operator_verb::copy_sqlite) {
    if (cfg->database) {
      return failure{std::string("copy-sqlite reads the SQLite database of --data-dir: name the PostgreSQL "
                                 "database with --to, not --database")};
    }
    if (const auto problem = database_url_problem(command->to, "--to")) return failure{*problem};
  }
  return operator_command_load{.command = std::move(command).value(), .cfg = std::move(cfg).value(), .help_text = {}};
}

}  // namespace

bool is_operator_command(int argc, const char* const argv[]) {
  return argc >= 2 && (is_group(argv[1]) || names_copy_sqlite_to(argv[1]));
}

result<operator_command_load, std::string> load_operator_command(int argc, const char* const argv[],
                                                                 const std::vector<std::string>& environment) {
  if (!is_operator_command(argc, argv)) return failure{std::string("no command given")};
  try {
    return load(argc, argv, environment);
  } catch (const std::exception& error) {
    return failure{std::string(error.what())};
  }
}

std::string operator_commands_summary() {
  std::ostringstream text;
  text << "Commands for the operator, on the server machine (each with --help):\n";
  for (const auto& spec : command_specs()) text << "  " << usage_of(spec) << '\n';
  return text.str();
}

}  // namespace twofold::server
