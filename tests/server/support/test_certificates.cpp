#include "support/test_certificates.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <stdexcept>
#include <vector>

#include "support/parsed_mail.hpp"
#include "support/temp_dir.hpp"

extern char** environ;

namespace twofold::server::testing {

namespace {

// openssl req's configuration: the subject and the certificate's extensions,
// written out so the system's openssl.cnf does not change what we make.
std::string request_config(const std::string& common_name, const std::string& extensions) {
  return "[req]\ndistinguished_name = dn\nx509_extensions = ext\nprompt = no\n[dn]\nCN = " + common_name +
         "\n[ext]\n" + extensions;
}

// Runs openssl with `arguments`; its chatter goes to `log`, shown when it fails.
void openssl(std::vector<std::string> arguments, const std::filesystem::path& log) {
  arguments.insert(arguments.begin(), TWOFOLD_OPENSSL);
  std::vector<char*> argv;
  for (auto& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error(std::string("cannot run ") + TWOFOLD_OPENSSL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string command;
    for (const auto& argument : arguments) command += (command.empty() ? "" : " ") + argument;
    throw std::runtime_error("failed: " + command + "\n" + file_text(log));
  }
}

std::vector<std::string> new_ec_key(const std::filesystem::path& key) {
  return {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-noenc", "-keyout", key.string(),
          "-days", "1"};
}

}  // namespace

throwaway_ca::throwaway_ca(std::filesystem::path folder)
    : folder_(std::move(folder)), certificate_(folder_ / "ca.pem"), key_(folder_ / "ca.key") {
  const auto config = folder_ / "ca.cnf";
  write_file(config, request_config("Twofold test CA " + folder_.filename().string(),
                                    "basicConstraints = critical,CA:TRUE\n"
                                    "keyUsage = critical,keyCertSign,cRLSign\n"
                                    "subjectKeyIdentifier = hash\n"));
  std::vector<std::string> arguments{"req", "-x509", "-config", config.string(), "-out", certificate_.string()};
  for (auto& argument : new_ec_key(key_)) arguments.push_back(std::move(argument));
  openssl(std::move(arguments), folder_ / "openssl.log");
}

server_certificate throwaway_ca::issue(const std::string& name, const std::string& subject_alt_names) const {
  const server_certificate issued{folder_ / (name + ".pem"), folder_ / (name + ".key")};
  const auto config = folder_ / (name + ".cnf");
  write_file(config, request_config(name,
                                    "basicConstraints = critical,CA:FALSE\n"
                                    "keyUsage = critical,digitalSignature\n"
                                    "extendedKeyUsage = serverAuth\n"
                                    "subjectAltName = " + subject_alt_names + "\n"
                                    "subjectKeyIdentifier = hash\n"
                                    "authorityKeyIdentifier = keyid\n"));
  std::vector<std::string> arguments{"req", "-x509", "-config", config.string(), "-CA", certificate_.string(),
                                     "-CAkey", key_.string(), "-out", issued.certificate.string()};
  for (auto& argument : new_ec_key(issued.key)) arguments.push_back(std::move(argument));
  openssl(std::move(arguments), folder_ / "openssl.log");
  return issued;
}

}  // namespace twofold::server::testing
