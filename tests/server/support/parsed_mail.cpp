#include "support/parsed_mail.hpp"

#include <stdio.h>
#include <sys/wait.h>

#include <array>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "support/temp_dir.hpp"

namespace twofold::server::testing {

namespace {

// Single quotes around a path for /bin/sh.
std::string shell_quoted(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string command_output(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
  std::string output;
  std::array<char, 4096> buffer{};
  while (const std::size_t got = fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), got);
  const int status = pclose(pipe);
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("failed: " + command);
  }
  return output;
}

}  // namespace

nlohmann::json parse_mail_file(const std::filesystem::path& file) {
  const std::string command = shell_quoted(TWOFOLD_SYSTEM_PYTHON) + " " +
                              shell_quoted(std::string(TWOFOLD_TEST_SUPPORT_DIR) + "/parse_mail.py") + " " +
                              shell_quoted(file.string());
  return nlohmann::json::parse(command_output(command));
}

nlohmann::json parse_mail_text(std::string_view text) {
  temp_dir dir;
  write_file(dir.path() / "message.eml", text);
  return parse_mail_file(dir.path() / "message.eml");
}

std::string file_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace twofold::server::testing
