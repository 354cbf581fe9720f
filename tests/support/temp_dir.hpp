// A directory under the system temp dir, removed with everything in it when
// the object goes out of scope. One per test; not shared between threads.
#pragma once

#include <filesystem>
#include <random>
#include <string>

namespace kreds::testing {

class temp_dir {
 public:
  temp_dir() {
    std::random_device random;
    path_ =
        std::filesystem::temp_directory_path() / ("kreds-test-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~temp_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace kreds::testing
