#pragma once
// A file whose reader waits until the test writes it: a named pipe (FIFO).
// With one in place of a file the server loads on a thread of its own (the
// user-agent rules, the password blocklist), the test decides when that load
// can finish, and sees the server before and after, without timing anything.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace twofold::server::testing {

// Makes the pipe at `path` (in a temp_dir); returns `path`.
inline std::filesystem::path make_named_pipe(std::filesystem::path path) {
  if (::mkfifo(path.c_str(), 0600) != 0) throw std::runtime_error("mkfifo failed: " + path.string());
  return path;
}

// Writes a named pipe's content once; declared after what reads it, so a test
// that fails before writing still ends the reader's wait (with an empty file)
// before that reader is destroyed.
class pipe_content {
 public:
  explicit pipe_content(std::filesystem::path path) : path_(std::move(path)) {}
  pipe_content(const pipe_content&) = delete;
  pipe_content& operator=(const pipe_content&) = delete;
  ~pipe_content() {
    if (written_) return;
    // Non-blocking: ends a reader that waits, does nothing when none does.
    const int fd = ::open(path_.c_str(), O_WRONLY | O_NONBLOCK);
    if (fd >= 0) ::close(fd);
  }

  // Waits until the reader has opened the pipe, then gives it `content` and the end of the file.
  void write(std::string_view content) {
    written_ = true;
    std::ofstream out(path_, std::ios::binary);
    out << content;
  }

 private:
  std::filesystem::path path_;
  bool written_ = false;
};

}  // namespace twofold::server::testing
