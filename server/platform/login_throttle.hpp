// Login throttling: after too many failed logins for one e-mail address or
// from one network address within a window, further attempts are refused
// until the window has passed. Kept in memory (a restart forgets it), keyed
// by e-mail whether or not an account exists, so the answer never tells
// whether an account exists. Thread-safe.
//
// An attempt counts before its password is checked: begin() reserves it as
// a failure (or refuses it while locked) and succeeded() takes the
// reservation back. So concurrent guesses cannot all be checked before the
// first failures are counted: at most `per_account` of them get through.
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

  struct attempt {
    long retry_after = 0;  // > 0: refused, seconds until attempts are allowed again
    clock::time_point at;  // when it was reserved (for succeeded())
  };

  // Reserves an attempt for this pair (counted as a failure until succeeded()),
  // or refuses it while the pair is locked.
  attempt begin(const std::string& email, const std::string& address, clock::time_point now = clock::now());
  // The attempt was right: the e-mail's failures are forgotten and the
  // address's reservation taken back.
  void succeeded(const std::string& email, const std::string& address, const attempt& reserved);

 private:
  struct history {
    std::deque<clock::time_point> failures;
  };
  long blocked_for(history& h, int limit, clock::time_point now);
  long wait_locked(const std::string& email, const std::string& address, clock::time_point now);
  void prune(clock::time_point now);

  int per_account_;
  int per_address_;
  std::chrono::minutes window_;
  std::mutex mutex_;
  std::unordered_map<std::string, history> accounts_;
  std::unordered_map<std::string, history> addresses_;
};

}  // namespace kreds::platform
