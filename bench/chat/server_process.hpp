// The `kreds serve` process under test, run as a child of the benchmark so
// that its memory and CPU time can be read on their own from /proc. Its
// output goes to a log file. Not thread-safe; one object per server.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace kreds::bench {

struct server_options {
  std::string binary;                  // the kreds executable
  std::string source_dir;              // the repository: the server runs from here (web/, config/)
  std::string database;                // absolute path
  std::string log_file;                // absolute path; stdout and stderr of the server
  unsigned short port = 0;             // must be free
  std::vector<std::string> overrides;  // --set key=value
};

class server_process {
 public:
  // Starts the server and waits until it accepts connections on 127.0.0.1.
  // Nothing when it exits or does not listen within `timeout`.
  static std::optional<server_process> start(const server_options& options, std::chrono::seconds timeout);

  server_process(server_process&& other) noexcept;
  server_process& operator=(server_process&&) = delete;
  ~server_process();

  pid_t pid() const { return pid_; }
  unsigned short port() const { return port_; }
  bool running();
  // Resident memory (VmRSS) in KiB, 0 when it cannot be read.
  long rss_kib() const;
  // User + system CPU time used so far.
  std::chrono::duration<double> cpu_time() const;
  // SIGTERM, then SIGKILL if it has not exited within `grace`. The exit
  // status (128 + signal when killed).
  int stop(std::chrono::seconds grace);

 private:
  server_process(pid_t pid, unsigned short port) : pid_(pid), port_(port) {}
  std::optional<int> wait_for_exit(std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  unsigned short port_ = 0;
  std::optional<int> exit_status_;
};

// A TCP port on 127.0.0.1 that nothing listens on right now.
unsigned short free_loopback_port();

// Runs a program to completion; returns its exit status (-1 if it could not
// run). Output goes to `log_file`.
int run_program(const std::vector<std::string>& arguments, const std::string& log_file);

}  // namespace kreds::bench
