#include "support/test_postgresql.hpp"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "storage/postgresql_connection.hpp"

namespace twofold::server::testing {

namespace {

struct cluster {
  std::filesystem::path dir;  // empty: another process started it (and stops it)
  std::string url;
};

std::mutex cluster_mutex;
std::optional<cluster> running;
int databases_made = 0;

// Runs `command`, returning its standard output; throws when it fails.
std::string output_of(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
  std::string output;
  char buffer[256];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  if (pclose(pipe) != 0) throw std::runtime_error(command + " failed (its error output is above)");
  while (!output.empty() && output.back() == '\n') output.pop_back();
  return output;
}

// ctest's fixture started one cluster for every test process (tests/server/CMakeLists.txt).
std::optional<std::string> shared_cluster_url() {
  const char* file = std::getenv("TWOFOLD_TEST_POSTGRESQL_URL_FILE");
  if (file == nullptr) return std::nullopt;
  std::ifstream in(file);
  std::string url;
  if (!std::getline(in, url) || url.empty()) {
    throw std::runtime_error(std::string("no PostgreSQL URL in ") + file + " (the postgresql_cluster_start test failed)");
  }
  return url;
}

const cluster& started() {
  if (running) return *running;
  if (auto url = shared_cluster_url()) {
    running = cluster{.dir = {}, .url = std::move(*url)};
    return *running;
  }
  std::string pattern = (std::filesystem::temp_directory_path() / "twofold-postgresql-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  const std::string url = output_of(std::string("'") + TWOFOLD_POSTGRESQL_SCRIPT + "' start '" + pattern + "'");
  running = cluster{.dir = pattern, .url = url};
  return *running;
}

}  // namespace

std::string postgresql_cluster_url() {
  std::lock_guard lock(cluster_mutex);
  return started().url;
}

std::string fresh_postgresql_database() {
  std::lock_guard lock(cluster_mutex);
  const std::string url = started().url;
  // Unique across the processes that share a cluster.
  const std::string name = "t_" + std::to_string(getpid()) + "_" + std::to_string(++databases_made);
  postgresql_connection(postgresql_options{.url = url}).execute("CREATE DATABASE " + name);
  return url.substr(0, url.rfind('/') + 1) + name;
}

void postgresql_environment::TearDown() {
  std::lock_guard lock(cluster_mutex);
  if (!running || running->dir.empty()) return;
  static_cast<void>(std::system((std::string("'") + TWOFOLD_POSTGRESQL_SCRIPT + "' stop '" + running->dir.string() + "'").c_str()));
  running.reset();
}

}  // namespace twofold::server::testing
