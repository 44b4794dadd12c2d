#pragma once
// A fresh directory under the system's temporary folder, removed with
// everything in it when the object goes away.
#include <filesystem>

namespace twofold::server::testing {

class temp_dir {
 public:
  temp_dir();
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Writes `content` to `file`, creating parent folders.
void write_file(const std::filesystem::path& file, std::string_view content);

}  // namespace twofold::server::testing
