// Login throttling: after too many failed logins for one e-mail address or
// from one network address within a window, further attempts are refused
// until the window has passed. Kept in memory (a restart forgets it), keyed
// by e-mail whether or not an account exists, so the answer never tells
// whether an account exists. Thread-safe.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace kreds::platform {

class login_throttle {
 public:
  using clock = std::chrono::steady_clock;

  login_throttle(int per_account, int per_address, std::chrono::minutes window)
      : per_account_(per_account), per_address_(per_address), window_(window) {}

  // Seconds until attempts are allowed again for this pair; 0 = go ahead.
  long retry_after(const std::string& email, const std::string& address, clock::time_point now = clock::now());
  void record_failure(const std::string& email, const std::string& address, clock::time_point now = clock::now());
  void record_success(const std::string& email);

 private:
  struct history {
    std::deque<clock::time_point> failures;
  };
  long blocked_for(history& h, int limit, clock::time_point now);

  int per_account_;
  int per_address_;
  std::chrono::minutes window_;
  std::mutex mutex_;
  std::unordered_map<std::string, history> accounts_;
  std::unordered_map<std::string, history> addresses_;
};

}  // namespace kreds::platform
