// A child process for tests that need the real `kreds` binary: start it with
// arguments, read its merged stdout/stderr line by line with a timeout, send
// it a signal, and wait for its exit code with a timeout. Killed with
// SIGKILL by the destructor if still running. Not thread-safe.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace kreds::testing {

class child_process {
 public:
  explicit child_process(std::vector<std::string> arguments);
  ~child_process();
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  // The next line of output, or nothing at end of output or timeout.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  // Reads lines until one contains `needle`; returns it.
  std::optional<std::string> wait_for(const std::string& needle, std::chrono::milliseconds timeout);
  // Everything read so far.
  const std::string& output() const { return output_; }

  void signal(int number);
  // The exit status (or 128 + signal), or nothing if it has not exited in time.
  std::optional<int> wait(std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  int output_fd_ = -1;
  std::string pending_;
  std::string output_;
  std::optional<int> status_;
};

// Runs to completion (bounded by timeout); returns exit code and output.
struct run_result {
  int exit_code = -1;
  std::string output;
};
run_result run_kreds(const std::vector<std::string>& arguments,
                     std::chrono::milliseconds timeout = std::chrono::seconds(20));

// The port in a "listening on http://127.0.0.1:PORT" line, or 0.
unsigned short listening_port(const std::string& line);

}  // namespace kreds::testing
