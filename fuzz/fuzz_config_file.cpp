// The config file (--config FILE, config/config.hpp): JSON an operator
// writes, read at start. Whatever the file holds, load_config answers a
// configuration or a message for the operator, and never throws.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <unistd.h>

#include "config/config.hpp"
#include "fuzz_check.hpp"

using twofold::fuzz::require;

namespace {

// The file the input is written to, one per process (libFuzzer's -jobs run
// separate processes), removed when the process ends. In TMPDIR when set:
// the long run puts it in memory (bench/fuzz_long_run).
std::string scratch_directory() {
  const char* tmpdir = std::getenv("TMPDIR");
  return tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
}

struct scratch_file {
  std::string path = scratch_directory() + "/twofold-fuzz-config-" + std::to_string(::getpid()) + ".json";
  ~scratch_file() { std::remove(path.c_str()); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const scratch_file scratch;
  const auto& path = scratch.path;
  {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  const char* argv[] = {"twofold-server", "--config", path.c_str()};
  const auto loaded = twofold::server::load_config(3, argv, {});
  if (!loaded.has_value()) require(!loaded.error().empty(), "a refusal tells the operator why");
  return 0;
}
