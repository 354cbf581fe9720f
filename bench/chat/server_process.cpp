#include "server_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace kreds::bench {
namespace {

using namespace std::chrono_literals;

sockaddr_in loopback(unsigned short port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

bool accepts_connections(unsigned short port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const auto address = loopback(port);
  const bool connected = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

// In the child, between fork and exec: only async-signal-safe calls.
[[noreturn]] void exec_child(const std::vector<std::string>& arguments, const std::string& directory,
                             const std::string& log_file) {
  const int log = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (log >= 0) {
    ::dup2(log, STDOUT_FILENO);
    ::dup2(log, STDERR_FILENO);
  }
  if (!directory.empty() && ::chdir(directory.c_str()) != 0) ::_exit(126);
  std::vector<char*> argv;
  for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  ::execv(argv[0], argv.data());
  ::_exit(127);
}

pid_t spawn(const std::vector<std::string>& arguments, const std::string& directory, const std::string& log_file) {
  const pid_t pid = ::fork();
  if (pid == 0) exec_child(arguments, directory, log_file);
  return pid;
}

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

std::optional<server_process> server_process::start(const server_options& options, std::chrono::seconds timeout) {
  std::vector<std::string> arguments{options.binary, "serve",     "--database", options.database,
                                     "--listen",     "127.0.0.1", "--port",     std::to_string(options.port),
                                     "--log-level",  "warn",      "--set",      "metrics.port=0"};
  for (const auto& key_value : options.overrides) {
    arguments.push_back("--set");
    arguments.push_back(key_value);
  }
  const pid_t pid = spawn(arguments, options.source_dir, options.log_file);
  if (pid < 0) return std::nullopt;
  server_process server(pid, options.port);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!server.running()) return std::nullopt;
    if (accepts_connections(options.port)) return server;
    std::this_thread::sleep_for(50ms);
  }
  return std::nullopt;  // the destructor kills it
}

server_process::server_process(server_process&& other) noexcept
    : pid_(other.pid_), port_(other.port_), exit_status_(other.exit_status_) {
  other.pid_ = -1;
}

server_process::~server_process() {
  if (pid_ > 0 && !exit_status_) {
    ::kill(pid_, SIGKILL);
    wait_for_exit(10s);
  }
}

bool server_process::running() { return pid_ > 0 && !wait_for_exit(0ms); }

long server_process::rss_kib() const {
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

std::chrono::duration<double> server_process::cpu_time() const {
  std::ifstream stat("/proc/" + std::to_string(pid_) + "/stat");
  std::string text;
  std::getline(stat, text);
  // Fields after the command name, which is in parentheses and may hold spaces.
  const auto after_name = text.rfind(')');
  if (after_name == std::string::npos) return {};
  std::istringstream fields(text.substr(after_name + 2));
  std::string field;
  double ticks = 0;
  for (int index = 3; fields >> field; ++index) {
    if (index == 14 || index == 15) ticks += std::stod(field);  // utime, stime
    if (index == 15) break;
  }
  return std::chrono::duration<double>(ticks / static_cast<double>(::sysconf(_SC_CLK_TCK)));
}

int server_process::stop(std::chrono::seconds grace) {
  if (exit_status_) return *exit_status_;
  ::kill(pid_, SIGTERM);
  if (auto status = wait_for_exit(grace)) return *status;
  ::kill(pid_, SIGKILL);
  return wait_for_exit(10s).value_or(-1);
}

std::optional<int> server_process::wait_for_exit(std::chrono::milliseconds timeout) {
  if (exit_status_) return exit_status_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_status_ = decode_status(status);
      return exit_status_;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(20ms);
  }
}

unsigned short free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  auto address = loopback(0);
  socklen_t length = sizeof address;
  unsigned short port = 0;
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

int run_program(const std::vector<std::string>& arguments, const std::string& log_file) {
  const pid_t pid = spawn(arguments, {}, log_file);
  if (pid < 0) return -1;
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) return -1;
  return decode_status(status);
}

}  // namespace kreds::bench
