// Servers starting together on one new SQLite file: each process opens and
// migrates it, and each succeeds, however the two interleave (SQLite answers
// "database is locked" at once, without waiting, to a reader that would
// upgrade to a writer while another writes). Real processes, as SQLite's
// file locks differ between processes and within one.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <vector>

#include "storage/sqlite_storage.hpp"
#include "support/temp_dir.hpp"
#include "support/test_accounts.hpp"

namespace twofold::server::testing {
namespace {

// In a child: waits for the start byte, opens and migrates the database in
// `dir`, exits 0 when it did.
[[noreturn]] void start_when_told(int start_fd, const std::filesystem::path& dir) {
  char go = 0;
  if (read(start_fd, &go, 1) != 1) _exit(2);
  try {
    open_sqlite_storage(dir)->migrate(test_epoch);
  } catch (const storage_failure&) {
    _exit(1);
  }
  _exit(0);
}

TEST(sqlite_open, processes_opening_and_migrating_a_new_file_at_once_all_succeed) {
  constexpr int rounds = 10;
  constexpr int processes = 4;
  for (int round = 0; round < rounds; ++round) {
    temp_dir dir;
    std::array<int, 2> start{};
    ASSERT_EQ(pipe(start.data()), 0);
    std::vector<pid_t> children;
    for (int p = 0; p < processes; ++p) {
      const pid_t child = fork();
      ASSERT_GE(child, 0);
      if (child == 0) {
        close(start[1]);
        start_when_told(start[0], dir.path());
      }
      children.push_back(child);
    }
    close(start[0]);
    const std::array<char, processes> go{};
    ASSERT_EQ(write(start[1], go.data(), go.size()), static_cast<ssize_t>(go.size()));
    close(start[1]);
    int started = 0;
    for (const pid_t child : children) {
      int status = 0;
      ASSERT_EQ(waitpid(child, &status, 0), child);
      if (WIFEXITED(status) && WEXITSTATUS(status) == 0) ++started;
    }
    ASSERT_EQ(started, processes) << "round " << round;
  }
}

}  // namespace
}  // namespace twofold::server::testing
