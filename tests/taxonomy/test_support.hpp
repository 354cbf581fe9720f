// Helpers shared by the taxonomy tests: fixture paths and a scratch
// directory per test that is removed afterwards. Used from the test thread only.
#pragma once

#include <unistd.h>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>

namespace kreds::taxonomy::testing {

inline std::filesystem::path fixture(std::string_view name) {
  return std::filesystem::path(KREDS_TAXONOMY_TEST_DATA) / name;
}

inline std::filesystem::path shipped_file() {
  return std::filesystem::path(KREDS_SOURCE_DIR) / "config" / "taxonomy" / "esco-1.1.tsv";
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline void write_text(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

class scratch_dir {
 public:
  scratch_dir() {
    static std::atomic<int> counter{0};
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() / ("kreds-taxonomy-test-" + std::to_string(::getpid()) + "-" +
                                                      std::to_string(counter++) + "-" + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~scratch_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // A copy of a fixture language pack, to break one file of it.
  std::filesystem::path copy_of(std::string_view fixture_name) const {
    const auto target = path_ / fixture_name;
    std::filesystem::copy(fixture(fixture_name), target, std::filesystem::copy_options::recursive);
    return target;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace kreds::taxonomy::testing
